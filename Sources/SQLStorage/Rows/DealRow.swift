import Domain
import Foundation

struct DealRow: TableRow {
    static let table = "deals"

    var id: UUID
    var teamID: UUID
    var accountID: UUID
    var name: String
    /// With `currency`, the deal's value: both or neither.
    var amountMinor: Int64?
    var currency: String?
    var status: String
    var lostReason: String?
    var closeDate: Date?
    var crmID: String?
    var ownerID: UUID?
    var failedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, currency, status
        case teamID = "team_id", accountID = "account_id", amountMinor = "amount_minor", lostReason = "lost_reason"
        case closeDate = "close_date", crmID = "crm_id", ownerID = "owner_id", failedAt = "failed_at"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ d: Deal) {
        id = d.id.rawValue
        teamID = d.teamID.rawValue
        accountID = d.accountID.rawValue
        name = d.name
        amountMinor = d.value?.minorUnits
        currency = d.value?.currency
        status = d.status.rawValue
        lostReason = d.lostReason
        closeDate = d.closeDate
        crmID = d.crmID
        ownerID = d.ownerID?.rawValue
        failedAt = d.failedAt
        createdAt = d.createdAt
        updatedAt = d.updatedAt
    }

    func domain() throws -> Deal {
        var value: Money?
        if let amountMinor, let currency { value = Money(minorUnits: amountMinor, currency: currency) }
        return Deal(
            id: DealID(id), teamID: TeamID(teamID), accountID: AccountID(accountID), name: name, value: value,
            status: try decode(DealStatus.self, status), lostReason: lostReason, closeDate: closeDate, crmID: crmID,
            ownerID: ownerID.map { MemberID($0) }, failedAt: failedAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}
