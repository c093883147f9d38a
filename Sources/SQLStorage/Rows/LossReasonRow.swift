import Domain
import Foundation

/// One reason of a team's own list, in the list's order. A team without rows has the defaults.
struct LossReasonRow: TableRow {
    static let table = "loss_reasons"

    var id: UUID
    var teamID: UUID
    var key: String
    var label: String
    var position: Int

    enum CodingKeys: String, CodingKey {
        case id, key, label, position
        case teamID = "team_id"
    }

    init(team: TeamID, reason: LossReason, position: Int) {
        id = UUID()
        teamID = team.rawValue
        key = reason.key
        label = reason.label
        self.position = position
    }

    func domain() -> LossReason { LossReason(key: key, label: label) }
}
