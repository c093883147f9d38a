import Domain
import FluentKit
import Foundation

final class LossReasonModel: Model, @unchecked Sendable {
    static let schema = "loss_reasons"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "key") var key: String
    @Field(key: "label") var label: String
    @Field(key: "position") var position: Int

    init() {}

    init(team: TeamID, reason: LossReason, position: Int) {
        id = UUID()
        teamID = team.rawValue
        key = reason.key
        label = reason.label
        self.position = position
    }

    var domain: LossReason { LossReason(key: key, label: label) }
}

final class LossReasonMappingModel: Model, @unchecked Sendable {
    static let schema = "loss_reason_mappings"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "crm_reason") var crmReason: String
    @Field(key: "reason_key") var reasonKey: String
    @Field(key: "confirmed") var confirmed: Bool
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(team: TeamID, mapping: LossReasonMapping) {
        id = UUID()
        teamID = team.rawValue
        crmReason = mapping.crmReason
        reasonKey = mapping.reasonKey
        confirmed = mapping.confirmed
        updatedAt = mapping.updatedAt
    }

    var domain: LossReasonMapping { LossReasonMapping(crmReason: crmReason, reasonKey: reasonKey, confirmed: confirmed, updatedAt: updatedAt) }
}
