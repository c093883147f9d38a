import Domain
import Foundation

struct AccountRow: TableRow {
    static let table = "accounts"

    var id: UUID
    var teamID: UUID
    var name: String
    var industry: String?
    var segment: String?
    var crmID: String?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, industry, segment
        case teamID = "team_id", crmID = "crm_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ a: Account) {
        id = a.id.rawValue
        teamID = a.teamID.rawValue
        name = a.name
        industry = a.industry
        segment = a.segment
        crmID = a.crmID
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }

    func domain() -> Account {
        Account(
            id: AccountID(id), teamID: TeamID(teamID), name: name, industry: industry, segment: segment, crmID: crmID, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}
