import Domain
import Foundation

/// No `team_id`: a token belongs to a member, and through the member to a team.
struct AccessTokenRow: TableRow {
    static let table = "access_tokens"

    var id: UUID
    var memberID: UUID
    var tokenHash: String
    var createdAt: Date
    var revokedAt: Date?
    var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case memberID = "member_id", tokenHash = "token_hash", createdAt = "created_at", revokedAt = "revoked_at", lastUsedAt = "last_used_at"
    }

    init(_ t: AccessToken) {
        id = t.id.rawValue
        memberID = t.memberID.rawValue
        tokenHash = t.tokenHash
        createdAt = t.createdAt
        revokedAt = t.revokedAt
        lastUsedAt = t.lastUsedAt
    }

    func domain() -> AccessToken {
        AccessToken(
            id: AccessTokenID(id), memberID: MemberID(memberID), tokenHash: tokenHash, createdAt: createdAt, revokedAt: revokedAt,
            lastUsedAt: lastUsedAt)
    }
}
