import Domain
import FluentKit
import Foundation

final class MemberModel: Model, @unchecked Sendable {
    static let schema = "members"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    @Field(key: "role") var role: String
    @Field(key: "expertise") var expertise: [String]
    @Field(key: "active") var active: Bool
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ member: Member, passwordHash: String) {
        id = member.id.rawValue
        teamID = member.teamID.rawValue
        createdAt = member.createdAt
        self.passwordHash = passwordHash
        apply(member)
    }

    func apply(_ member: Member) {
        name = member.name
        email = member.email
        role = member.role.rawValue
        expertise = member.expertise
        active = member.active
    }

    func domain() throws -> Member {
        Member(
            id: MemberID(id!), teamID: TeamID(teamID), name: name, email: email, role: try decode(Role.self, role),
            expertise: expertise, active: active, createdAt: createdAt)
    }
}

final class AccessTokenModel: Model, @unchecked Sendable {
    static let schema = "access_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(_ token: AccessToken) {
        id = token.id.rawValue
        memberID = token.memberID.rawValue
        tokenHash = token.tokenHash
        createdAt = token.createdAt
        revokedAt = token.revokedAt
        lastUsedAt = token.lastUsedAt
    }

    var domain: AccessToken {
        AccessToken(
            id: AccessTokenID(id!), memberID: MemberID(memberID), tokenHash: tokenHash, createdAt: createdAt, revokedAt: revokedAt,
            lastUsedAt: lastUsedAt)
    }
}

/// Reads an enum stored as text; a value the code does not know means the database was changed by hand.
func decode<E: RawRepresentable>(_ type: E.Type, _ raw: String) throws -> E where E.RawValue == String {
    guard let value = E(rawValue: raw) else { throw StorageError.corruptValue("\(E.self)", raw) }
    return value
}

public enum StorageError: Error, CustomStringConvertible {
    case corruptValue(String, String)
    case notConfigured(String)

    public var description: String {
        switch self {
        case .corruptValue(let type, let raw): "stored value \"\(raw)\" is not a valid \(type)"
        case .notConfigured(let what): what
        }
    }
}
