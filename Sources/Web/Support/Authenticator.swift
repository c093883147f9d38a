import Crypto
import Domain
import Features
import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import Storage

/// Passwords (bcrypt) and bearer tokens (random, stored as SHA-256). bcrypt is slow on purpose,
/// so it runs on the thread pool, never on an event loop.
public struct Authenticator: Sendable {
    let tokens: any AccessTokenRepository
    let members: any MemberRepository
    let teams: any TeamRepository
    let bcryptCost: UInt8
    let sessions: SessionPolicy
    let clock: @Sendable () -> Date
    /// Compared against when the email is unknown, at the same cost as real hashes.
    private let timingDummyHash: String
    private let cache = IdentityCache()
    private let throttle = LoginThrottle()

    public init(
        tokens: any AccessTokenRepository, members: any MemberRepository, teams: any TeamRepository, bcryptCost: UInt8,
        sessions: SessionPolicy = SessionPolicy(), clock: @escaping @Sendable () -> Date
    ) {
        self.tokens = tokens
        self.members = members
        self.teams = teams
        self.bcryptCost = bcryptCost
        self.sessions = sessions
        self.clock = clock
        timingDummyHash = Bcrypt.hash(UUID().uuidString, cost: bcryptCost)
    }

    public func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// The member for these credentials, or nil. An unknown email costs as much time as a wrong
    /// password. Throws `LoginThrottle.Refusal` (before any bcrypt work) while the account or the
    /// client address must wait after repeated failures.
    func login(email: String, password: String, address: String?) async throws -> Member? {
        let account = email.lowercased()
        try throttle.begin(account: account, address: address, now: clock())
        guard let (member, hash) = try await members.credentials(email: email) else {
            _ = try await verify(password, hash: timingDummyHash)
            return nil
        }
        guard try await verify(password, hash: hash), member.active else { return nil }
        throttle.succeeded(account: account, address: address)
        return member
    }

    /// Creates a token and returns its secret, which is shown once and never stored.
    public func issueToken(for member: Member) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = "rbd_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try await tokens.createToken(AccessToken(memberID: member.id, tokenHash: Self.digest(secret), createdAt: clock()))
        return secret
    }

    /// The live session for a bearer secret. A session past its idle or absolute limit is revoked
    /// and answers nil, as an unknown one does.
    func identity(forBearer secret: String) async throws -> Identity? {
        let hash = Self.digest(secret)
        let now = clock()
        // A cached session is used as it is until its use must be recorded again (once a minute).
        if let known = cache.identity(forHash: hash), known.expiresAt > now, now.timeIntervalSince(known.lastUsed) < SessionPolicy.touchInterval {
            return known
        }
        guard let (token, member) = try await tokens.member(forTokenHash: hash), member.active else { return nil }
        if sessions.isExpired(token, now: now) {
            cache.forget(token: token.id)
            _ = try? await tokens.revokeToken(token.id, of: member.id, at: now)
            return nil
        }
        var lastUsed = token.lastUsedAt ?? token.createdAt
        if sessions.needsTouch(token, now: now) {
            // Best effort: a session that could not be marked used this minute is marked next minute.
            if (try? await tokens.touchToken(token.id, at: now)) != nil { lastUsed = now }
        }
        let expiresAt = min(token.createdAt.addingTimeInterval(sessions.absolute), lastUsed.addingTimeInterval(sessions.idle))
        // The team's zone is read with the member; a change to it reaches cached sessions within the
        // cache's lifetime (seconds).
        var zoneName = member.timeZone
        if zoneName == nil { zoneName = try await teams.team(member.teamID)?.timeZone }
        let zone = zoneName.flatMap(TimeZone.init(identifier:)) ?? .gmt
        let identity = Identity(member: member, tokenID: token.id, timeZone: zone, expiresAt: expiresAt, lastUsed: lastUsed)
        cache.remember(identity, forHash: hash)
        return identity
    }

    /// After a password change every other session of the member ends, on this server at once.
    func revokeOtherSessions(of member: MemberID, keeping kept: AccessTokenID) async throws {
        try await tokens.revokeTokens(of: member, except: kept, at: clock())
        cache.forget(member: member)
    }

    /// Revokes a token; it stops working on this server at once.
    func revoke(_ token: AccessTokenID, of member: MemberID) async throws -> Bool {
        defer { cache.forget(token: token) }
        return try await tokens.revokeToken(token, of: member, at: clock())
    }

    /// Saves a member; a changed role or deactivation applies to their next request on this server.
    func saved(_ member: MemberID) {
        cache.forget(member: member)
    }

    static func digest(_ secret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(secret.utf8)))
    }
}

/// Reads `Authorization: Bearer …` and fills in the context's identity. It never rejects by itself:
/// routes that need a member use `AuthenticatedContext`, which answers 401.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let secret = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            context.identity = try await authenticator.identity(forBearer: secret)
        }
        return try await next(request, context)
    }
}
