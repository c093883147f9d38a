import Foundation

public enum Role: String, ClosedSet {
    case rep, manager, admin
}

public struct Member: Equatable, Sendable {
    public let id: MemberID
    public let teamID: TeamID
    public var name: String
    public var email: String
    public var role: Role
    /// Topics the member can help customers with, e.g. "operations", "pricing", "security".
    public var expertise: [String]
    public var active: Bool
    /// The member's own IANA time zone; nil follows the team's.
    public var timeZone: String?
    public let createdAt: Date

    public init(
        id: MemberID = MemberID(), teamID: TeamID, name: String, email: String, role: Role,
        expertise: [String] = [], active: Bool = true, timeZone: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.teamID = teamID
        self.name = name
        self.email = email
        self.role = role
        self.expertise = expertise
        self.active = active
        self.timeZone = timeZone
        self.createdAt = createdAt
    }

    public var isAdmin: Bool { role == .admin }
    public var canManage: Bool { role == .admin || role == .manager }
}

/// Rules for the fields a person types when creating or editing a member.
public enum MemberRules {
    public static let minimumPasswordLength = 10

    public static func email(_ raw: String, field: String = "email", into v: inout Validator) -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !email.contains(" ")
        v.check(valid, field, "must be an email address like name@example.com")
        v.check(email.count <= 254, field, "must be at most 254 characters")
        return email
    }

    public static func password(_ password: String, field: String = "password", into v: inout Validator) {
        v.check(password.count >= minimumPasswordLength, field, "must be at least \(minimumPasswordLength) characters")
        v.check(password.utf8.count <= 72, field, "must be at most 72 bytes (bcrypt's limit)")
    }

    /// Topics are compared case-insensitively, so they are stored trimmed, lowercased and unique.
    public static func topics(_ raw: [String], field: String = "expertise", into v: inout Validator) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, topic) in raw.enumerated() {
            let t = topic.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            v.check(!t.isEmpty && t.count <= 60, "\(field)[\(index)]", "must be 1 to 60 characters")
            if !t.isEmpty, seen.insert(t).inserted { result.append(t) }
        }
        v.check(raw.count <= 30, field, "must have at most 30 topics")
        return result
    }
}

/// A bearer token's record. The secret itself is never stored, only its SHA-256.
public struct AccessToken: Equatable, Sendable {
    public let id: AccessTokenID
    public let memberID: MemberID
    public let tokenHash: String
    public let createdAt: Date
    public var revokedAt: Date?
    /// Recorded at most once a minute (see `SessionPolicy.touchInterval`).
    public var lastUsedAt: Date?

    public init(
        id: AccessTokenID = AccessTokenID(), memberID: MemberID, tokenHash: String, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.memberID = memberID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// How long a session (a bearer token or a browser cookie) lives on the server: it ends after
/// `idle` without use, and `absolute` after it was created however busy it is.
public struct SessionPolicy: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval
    /// Last use is written at most this often, so a busy session is not a write on every request.
    public static let touchInterval: TimeInterval = 60

    public init(idle: TimeInterval = 7 * 24 * 3600, absolute: TimeInterval = 30 * 24 * 3600) {
        self.idle = idle
        self.absolute = absolute
    }

    public func isExpired(_ token: AccessToken, now: Date) -> Bool {
        now.timeIntervalSince(token.createdAt) >= absolute || now.timeIntervalSince(token.lastUsedAt ?? token.createdAt) >= idle
    }

    public func needsTouch(_ token: AccessToken, now: Date) -> Bool {
        now.timeIntervalSince(token.lastUsedAt ?? token.createdAt) >= Self.touchInterval
    }
}
