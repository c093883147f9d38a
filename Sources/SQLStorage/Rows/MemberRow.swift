import Domain
import Foundation

struct MemberRow: TableRow {
    static let table = "members"

    var id: UUID
    var teamID: UUID
    var name: String
    var email: String
    var role: String
    var expertise: [String]
    var active: Bool
    var timeZone: String?
    /// Never mapped to the Domain member, so it can never reach a response by accident; an update of
    /// the member leaves it as stored (see `keptOnUpdate`), only `updatePassword` writes it.
    var passwordHash: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, email, role, expertise, active
        case teamID = "team_id", passwordHash = "password_hash", createdAt = "created_at", timeZone = "time_zone"
    }

    /// The columns an update of the Domain member does not write.
    static let keptOnUpdate: Set<String> = [CodingKeys.passwordHash.rawValue]

    init(_ m: Member, passwordHash: String) {
        id = m.id.rawValue
        teamID = m.teamID.rawValue
        name = m.name
        email = m.email
        role = m.role.rawValue
        expertise = m.expertise
        active = m.active
        timeZone = m.timeZone
        self.passwordHash = passwordHash
        createdAt = m.createdAt
    }

    func domain() throws -> Member {
        Member(
            id: MemberID(id), teamID: TeamID(teamID), name: name, email: email, role: try decode(Role.self, role),
            expertise: expertise, active: active, timeZone: timeZone, createdAt: createdAt)
    }
}
