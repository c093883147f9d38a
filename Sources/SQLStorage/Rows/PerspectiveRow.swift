import Domain
import Foundation

/// A participant's perspective on one area (unique per debrief, author and area); private to its
/// author until `submitted_at` is set, and every query that lists them says so.
struct PerspectiveRow: TableRow {
    static let table = "perspectives"

    var id: UUID
    var teamID: UUID
    var debriefID: UUID
    var authorID: UUID
    var area: String
    var text: String
    var submittedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, area, text
        case teamID = "team_id", debriefID = "debrief_id", authorID = "author_id", submittedAt = "submitted_at"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ p: Perspective) {
        id = p.id.rawValue
        teamID = p.teamID.rawValue
        debriefID = p.debriefID.rawValue
        authorID = p.authorID.rawValue
        area = p.area.rawValue
        text = p.text
        submittedAt = p.submittedAt
        createdAt = p.createdAt
        updatedAt = p.updatedAt
    }

    func domain() throws -> Perspective {
        Perspective(
            id: PerspectiveID(id), teamID: TeamID(teamID), debriefID: DebriefID(debriefID), authorID: MemberID(authorID),
            area: try decode(DebriefArea.self, area), text: text, submittedAt: submittedAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}
