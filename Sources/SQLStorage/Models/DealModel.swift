import Domain
import FluentKit
import Foundation

final class DealModel: Model, @unchecked Sendable {
    static let schema = "deals"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "amount_minor") var amountMinor: Int64?
    @OptionalField(key: "currency") var currency: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "lost_reason") var lostReason: String?
    @OptionalField(key: "close_date") var closeDate: Date?
    @OptionalField(key: "crm_id") var crmID: String?
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "failed_at") var failedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ deal: Deal) {
        id = deal.id.rawValue
        teamID = deal.teamID.rawValue
        createdAt = deal.createdAt
        apply(deal)
    }

    func apply(_ deal: Deal) {
        accountID = deal.accountID.rawValue
        name = deal.name
        amountMinor = deal.value?.minorUnits
        currency = deal.value?.currency
        status = deal.status.rawValue
        lostReason = deal.lostReason
        closeDate = deal.closeDate
        crmID = deal.crmID
        ownerID = deal.ownerID?.rawValue
        failedAt = deal.failedAt
        updatedAt = deal.updatedAt
    }

    func domain() throws -> Deal {
        var value: Money?
        if let amountMinor, let currency { value = Money(minorUnits: amountMinor, currency: currency) }
        return Deal(
            id: DealID(id!), teamID: TeamID(teamID), accountID: AccountID(accountID), name: name, value: value,
            status: try decode(DealStatus.self, status), lostReason: lostReason, closeDate: closeDate, crmID: crmID,
            ownerID: ownerID.map { MemberID($0) }, failedAt: failedAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}
