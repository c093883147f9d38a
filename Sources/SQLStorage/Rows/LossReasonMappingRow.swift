import Domain
import Foundation

/// A CRM's loss reason and the team's reason it stands for; one row per CRM reason and team.
struct LossReasonMappingRow: TableRow {
    static let table = "loss_reason_mappings"

    var id: UUID
    var teamID: UUID
    var crmReason: String
    var reasonKey: String
    var confirmed: Bool
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, confirmed
        case teamID = "team_id", crmReason = "crm_reason", reasonKey = "reason_key", updatedAt = "updated_at"
    }

    init(team: TeamID, mapping: LossReasonMapping) {
        id = UUID()
        teamID = team.rawValue
        crmReason = mapping.crmReason
        reasonKey = mapping.reasonKey
        confirmed = mapping.confirmed
        updatedAt = mapping.updatedAt
    }

    func domain() -> LossReasonMapping {
        LossReasonMapping(crmReason: crmReason, reasonKey: reasonKey, confirmed: confirmed, updatedAt: updatedAt)
    }
}
