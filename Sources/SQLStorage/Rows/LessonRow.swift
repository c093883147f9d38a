import Domain
import Foundation

/// A lesson as stored. `tags` is a text array on PostgreSQL and JSON text on SQLite; `tag_index`
/// holds the same tags as "|pricing|security|", so one LIKE finds a tag on both databases.
struct LessonRow: TableRow {
    static let table = "lessons"

    var id: UUID
    var teamID: UUID
    var debriefID: UUID?
    var text: String
    var tags: [String]
    var tagIndex: String
    var authorID: UUID
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, text, tags
        case teamID = "team_id", debriefID = "debrief_id", tagIndex = "tag_index", authorID = "author_id"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ l: Lesson) {
        id = l.id.rawValue
        teamID = l.teamID.rawValue
        debriefID = l.debriefID?.rawValue
        text = l.text
        tags = l.tags
        tagIndex = Self.tagIndex(l.tags)
        authorID = l.authorID.rawValue
        createdAt = l.createdAt
        updatedAt = l.updatedAt
    }

    static func tagIndex(_ tags: [String]) -> String { "|" + tags.joined(separator: "|") + "|" }

    func domain() -> Lesson {
        Lesson(
            id: LessonID(id), teamID: TeamID(teamID), debriefID: debriefID.map { DebriefID($0) }, text: text, tags: tags,
            authorID: MemberID(authorID), createdAt: createdAt, updatedAt: updatedAt)
    }
}
