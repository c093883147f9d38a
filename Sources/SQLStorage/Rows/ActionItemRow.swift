import Domain
import Foundation

struct ActionItemRow: TableRow {
    static let table = "action_items"

    var id: UUID
    var teamID: UUID
    var debriefID: UUID?
    var title: String
    var ownerID: UUID
    var dueDate: Date
    var status: String
    var closedAt: Date?
    var createdByID: UUID
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, status
        case teamID = "team_id", debriefID = "debrief_id", ownerID = "owner_id", dueDate = "due_date", closedAt = "closed_at"
        case createdByID = "created_by_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ a: ActionItem) {
        id = a.id.rawValue
        teamID = a.teamID.rawValue
        debriefID = a.debriefID?.rawValue
        title = a.title
        ownerID = a.ownerID.rawValue
        dueDate = a.dueDate
        status = a.status.rawValue
        closedAt = a.closedAt
        createdByID = a.createdByID.rawValue
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }

    func domain() throws -> ActionItem {
        ActionItem(
            id: ActionItemID(id), teamID: TeamID(teamID), debriefID: debriefID.map { DebriefID($0) }, title: title,
            ownerID: MemberID(ownerID), dueDate: dueDate, status: try decode(ActionStatus.self, status), closedAt: closedAt,
            createdByID: MemberID(createdByID), createdAt: createdAt, updatedAt: updatedAt)
    }
}
