import Domain
import FluentKit
import SQLKit
import Foundation
import Storage

/// The repositories over Fluent: one type, split into one file per subject.
/// Every query is scoped by team, so no code path can read another team's rows.
public struct SQLStore: Sendable {
    let service: DatabaseService
    /// Set inside `atomically`: every read and write goes to this one transaction.
    let boundDatabase: (any Database)?

    /// Set inside `load`: a failed bulk statement ends the whole transaction (see `SQLiteBulkInsert`).
    let loading: Bool

    init(service: DatabaseService, bound: (any Database)? = nil, loading: Bool = false) {
        self.service = service
        boundDatabase = bound
        self.loading = loading
    }

    var db: any Database { boundDatabase ?? service.database() }

    /// The group-commit queue, outside a bound transaction only (inside one, the queue would wait
    /// for the very writer lock the transaction holds).
    var writeQueue: WriteQueue? { boundDatabase == nil ? service.writeQueue : nil }

    public var all: Repositories {
        Repositories(
            teams: self, members: self, tokens: self, accounts: self, deals: self, interactions: self, reflections: self,
            debriefs: self, learning: self, questions: self, search: self, insights: self, calendarFeeds: self, webhooks: self, bulk: self,
            lossReasons: self, email: self, meetings: self)
    }

    /// `%` and `_` in a search are literal characters, not wildcards. Both SQLite and PostgreSQL
    /// treat backslash as LIKE's escape only when told, so they are dropped rather than escaped.
    static func likeEscaped(_ text: String) -> String {
        String(text.filter { $0 != "%" && $0 != "_" && $0 != "\\" })
    }

    /// A case-insensitive substring match that behaves the same on SQLite and PostgreSQL
    /// (PostgreSQL's LIKE is case-sensitive, SQLite's is not).
    static func lowercased(_ column: String, contains text: String) -> any SQLExpression {
        SQLBinaryExpression(SQLFunction("LOWER", args: SQLColumn(column)), .like, SQLBind("%\(likeEscaped(text.lowercased()))%"))
    }

    /// `team_id = ?`. Without statistics SQLite prefers a (team_id, …) index that matches the sort and
    /// then reads every row of the team; when a narrower filter (an account, a deal) has its own index,
    /// `+team_id` keeps the team check but takes the team index out of the running. Reads by a list
    /// of ids need it too: 51 interactions by id read all 100,000 of the team's before.
    static func teamScope(_ table: String, _ team: TeamID, preferOtherIndexes: Bool, on sql: any SQLDatabase) -> any SQLExpression {
        let column = preferOtherIndexes && sql.dialect.name == "sqlite" ? "+\"\(table)\".\"team_id\"" : "\"\(table)\".\"team_id\""
        return SQLBinaryExpression(SQLRaw(column), .equal, SQLBind(team.rawValue))
    }

    /// Turns a unique-constraint failure into a conflict the user can act on.
    func unique<T>(_ message: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict(message)
        }
    }
}

extension SQLStore: TeamRepository {
    public func anyTeamExists() async throws -> Bool {
        try await Self.count(TeamRow.self, on: db) { $0 } > 0
    }

    public func allTeams() async throws -> [Team] {
        try await db.sql().select().column("*").from(TeamRow.table).orderBy("name").all(rows: TeamRow.self).map { $0.domain() }
    }

    public func createTeam(_ team: Team, admin: Member, passwordHash: String) async throws {
        try await unique("A team with that name, or a member with that email, already exists.") {
            try await write { tx in
                try await tx.sql().insert(into: TeamRow.table).model(TeamRow(team, webhookSecret: nil), with: Self.rowEncoder).run()
                try await tx.sql().insert(into: MemberRow.table).model(MemberRow(admin, passwordHash: passwordHash), with: Self.rowEncoder).run()
            }
        }
    }

    public func team(_ id: TeamID) async throws -> Team? {
        try await teamRow(id)?.domain()
    }

    public func team(named name: String) async throws -> Team? {
        try await db.sql().select().column("*").from(TeamRow.table).where("name", .equal, name).first(row: TeamRow.self)?.domain()
    }

    public func webhookSecret(of team: TeamID) async throws -> String? {
        try await teamRow(team)?.webhookSecret
    }

    public func setWebhookSecret(_ secret: String?, of team: TeamID) async throws {
        try await Self.update(TeamRow.self, id: team.rawValue, setting: TeamRow.CodingKeys.webhookSecret.rawValue, to: secret, on: db, notFound: "team")
    }

    public func hasWebhookEvent(_ eventID: String, team: TeamID) async throws -> Bool {
        try await db.sql().select().column("id").from(WebhookEventRow.table).where("team_id", .equal, team.rawValue)
            .where("event_id", .equal, eventID).limit(1).first() != nil
    }

    public func updateTeam(_ team: Team) async throws {
        // The webhook secret is not part of the Domain team: the update leaves it as stored, so a secret
        // set at the same moment is not written back over.
        let found = try await unique("A team with that name already exists.") {
            try await Self.update(TeamRow(team, webhookSecret: nil), on: db.sql(), keeping: ["webhook_secret"])
        }
        guard found else { throw DomainError.notFound("team") }
    }

    private func teamRow(_ id: TeamID) async throws -> TeamRow? {
        try await db.sql().select().column("*").from(TeamRow.table).where("id", .equal, id.rawValue).first(row: TeamRow.self)
    }
}

extension SQLStore: MemberRepository {
    public func createMember(_ member: Member, passwordHash: String) async throws {
        try await unique("That email address cannot be used: each email belongs to one member on this server.") {
            try await db.sql().insert(into: MemberRow.table).model(MemberRow(member, passwordHash: passwordHash), with: Self.rowEncoder).run()
        }
    }

    public func member(_ id: MemberID, in team: TeamID) async throws -> Member? {
        try await db.sql().select().column("*").from(MemberRow.table).where("id", .equal, id.rawValue).where("team_id", .equal, team.rawValue)
            .first(row: MemberRow.self)?.domain()
    }

    public func credentials(email: String) async throws -> (member: Member, passwordHash: String)? {
        guard let row = try await db.sql().select().column("*").from(MemberRow.table).where("email", .equal, email.lowercased())
            .first(row: MemberRow.self)
        else { return nil }
        return (try row.domain(), row.passwordHash)
    }

    public func members(in team: TeamID) async throws -> [Member] {
        try await db.sql().select().column("*").from(MemberRow.table).where("team_id", .equal, team.rawValue).orderBy("name")
            .all(rows: MemberRow.self).map { try $0.domain() }
    }

    public func updateMember(_ member: Member) async throws {
        // The password hash is not part of the Domain member: the stored one stays, whatever the row carries.
        let row = MemberRow(member, passwordHash: "")
        try await unique("That email address cannot be used: each email belongs to one member on this server.") {
            try await Self.update(row, team: member.teamID, on: db, notFound: "member", keeping: MemberRow.keptOnUpdate)
        }
    }

    public func updateProfile(
        _ member: MemberID, in team: TeamID, name: String?, expertise: [String]?, timeZone: FieldChange<String?>
    ) async throws -> Member {
        var zone: String?? = nil
        if case .set(let value) = timeZone { zone = .some(value) }
        if name != nil || expertise != nil || zone != nil {
            let query = db.sql().update(MemberRow.table).where("id", .equal, member.rawValue).where("team_id", .equal, team.rawValue)
            if let name { query.set("name", to: name) }
            if let expertise { query.set("expertise", to: expertise) }
            if let zone { query.set(MemberRow.CodingKeys.timeZone.rawValue, to: zone) }
            try await query.run()
        }
        guard let stored = try await self.member(member, in: team) else { throw DomainError.notFound("member") }
        return stored
    }

    public func updatePassword(_ member: MemberID, passwordHash: String) async throws {
        try await Self.update(
            MemberRow.self, id: member.rawValue, setting: MemberRow.CodingKeys.passwordHash.rawValue, to: passwordHash, on: db, notFound: "member")
    }

    /// A member found through a token or feed, which is not scoped by team.
    fileprivate func memberRow(_ id: UUID) async throws -> MemberRow? {
        try await db.sql().select().column("*").from(MemberRow.table).where("id", .equal, id).first(row: MemberRow.self)
    }
}

extension SQLStore: CalendarFeedRepository {
    public func setCalendarFeed(of member: MemberID, tokenHash: String, at now: Date) async throws {
        try await write { tx in
            let sql = tx.sql()
            try await sql.delete(from: CalendarFeedRow.table).where("member_id", .equal, member.rawValue).run()
            try await sql.insert(into: CalendarFeedRow.table)
                .model(CalendarFeedRow(member: member, tokenHash: tokenHash, createdAt: now), with: Self.rowEncoder).run()
        }
    }

    public func removeCalendarFeed(of member: MemberID) async throws {
        try await db.sql().delete(from: CalendarFeedRow.table).where("member_id", .equal, member.rawValue).run()
    }

    public func member(forCalendarFeedHash hash: String) async throws -> Member? {
        guard let feed = try await db.sql().select().column("*").from(CalendarFeedRow.table).where("token_hash", .equal, hash)
            .first(row: CalendarFeedRow.self),
            let member = try await memberRow(feed.memberID)
        else { return nil }
        return try member.domain()
    }
}

extension SQLStore: AccessTokenRepository {
    public func createToken(_ token: AccessToken) async throws {
        try await db.sql().insert(into: AccessTokenRow.table).model(AccessTokenRow(token), with: Self.rowEncoder).run()
    }

    public func member(forTokenHash hash: String) async throws -> (token: AccessToken, member: Member)? {
        guard let token = try await db.sql().select().column("*").from(AccessTokenRow.table).where("token_hash", .equal, hash)
            .where("revoked_at", .is, SQLLiteral.null).first(row: AccessTokenRow.self),
            let member = try await memberRow(token.memberID)
        else { return nil }
        return (token.domain(), try member.domain())
    }

    public func tokens(of member: MemberID) async throws -> [AccessToken] {
        try await db.sql().select().column("*").from(AccessTokenRow.table).where("member_id", .equal, member.rawValue)
            .orderBy("created_at", .descending).all(rows: AccessTokenRow.self).map { $0.domain() }
    }

    public func revokeToken(_ id: AccessTokenID, of member: MemberID, at now: Date) async throws -> Bool {
        let revoked = try await db.sql().update(AccessTokenRow.table).set("revoked_at", to: now).where("id", .equal, id.rawValue)
            .where("member_id", .equal, member.rawValue).where("revoked_at", .is, SQLLiteral.null).returning("id").all()
        return !revoked.isEmpty
    }

    public func revokeTokens(of member: MemberID, except kept: AccessTokenID?, at now: Date) async throws {
        let query = db.sql().update(AccessTokenRow.table).set("revoked_at", to: now).where("member_id", .equal, member.rawValue)
            .where("revoked_at", .is, SQLLiteral.null)
        if let kept { query.where("id", .notEqual, kept.rawValue) }
        try await query.run()
    }

    public func touchToken(_ id: AccessTokenID, at now: Date) async throws {
        try await db.sql().update(AccessTokenRow.table).set("last_used_at", to: now).where("id", .equal, id.rawValue).run()
    }
}
