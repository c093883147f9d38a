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

    init(service: DatabaseService, bound: (any Database)? = nil) {
        self.service = service
        boundDatabase = bound
    }

    var db: any Database { boundDatabase ?? service.database() }

    /// The group-commit queue, outside a bound transaction only (inside one, the queue would wait
    /// for the very writer lock the transaction holds).
    var writeQueue: WriteQueue? { boundDatabase == nil ? service.writeQueue : nil }

    public var all: Repositories {
        Repositories(
            teams: self, members: self, tokens: self, accounts: self, deals: self, interactions: self, reflections: self,
            debriefs: self, learning: self, questions: self, search: self, insights: self, calendarFeeds: self, webhooks: self, bulk: self,
            lossReasons: self)
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

    static func containsIgnoringCase(_ column: String, _ text: String) -> DatabaseQuery.Filter {
        .value(.sql(unsafeRaw: "LOWER(\(column))"), .custom("LIKE"), .bind("%\(likeEscaped(text.lowercased()))%"))
    }

    /// `team_id = ?`. Without statistics SQLite prefers a (team_id, …) index that matches the sort and
    /// then reads every row of the team; when a narrower filter (an account, a deal) has its own index,
    /// `+team_id` keeps the team check but takes the team index out of the running.
    static func teamScope(_ table: String, _ team: TeamID, preferOtherIndexes: Bool, on db: any Database) -> DatabaseQuery.Filter {
        let column = preferOtherIndexes && db.sql().dialect.name == "sqlite" ? "+\"\(table)\".\"team_id\"" : "\"\(table)\".\"team_id\""
        return .value(.sql(unsafeRaw: column), .equal, .bind(team.rawValue))
    }

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

extension QueryBuilder {
    /// Applies limit and offset, fetching one row more to learn whether a next page exists.
    func page(_ request: Paging) async throws -> (rows: [Model], request: Paging) {
        let rows = try await self.range(request.offset..<(request.offset + request.limit + 1)).all()
        return (rows, request)
    }
}

extension SQLStore: TeamRepository {
    public func anyTeamExists() async throws -> Bool {
        try await Self.count(TeamRow.self, on: db) { $0 } > 0
    }

    public func allTeams() async throws -> [Team] {
        try await db.sql().select().column("*").from(TeamRow.table).orderBy("name").all(decoding: TeamRow.self).map { $0.domain() }
    }

    public func createTeam(_ team: Team, admin: Member, passwordHash: String) async throws {
        try await unique("A team with that name, or a member with that email, already exists.") {
            try await write { tx in
                try await tx.sql().insert(into: TeamRow.table).model(TeamRow(team, webhookSecret: nil), with: Self.rowEncoder).run()
                try await MemberModel(admin, passwordHash: passwordHash).create(on: tx)
            }
        }
    }

    public func team(_ id: TeamID) async throws -> Team? {
        try await teamRow(id)?.domain()
    }

    public func team(named name: String) async throws -> Team? {
        try await db.sql().select().column("*").from(TeamRow.table).where("name", .equal, name).first(decoding: TeamRow.self)?.domain()
    }

    public func webhookSecret(of team: TeamID) async throws -> String? {
        try await teamRow(team)?.webhookSecret
    }

    public func setWebhookSecret(_ secret: String?, of team: TeamID) async throws {
        let found = try await db.sql().update(TeamRow.table).set("webhook_secret", to: secret).where("id", .equal, team.rawValue)
            .returning("id").all()
        guard !found.isEmpty else { throw DomainError.notFound("team") }
    }

    public func hasWebhookEvent(_ eventID: String, team: TeamID) async throws -> Bool {
        try await WebhookEventModel.query(on: db).filter(\.$teamID == team.rawValue).filter(\.$eventID == eventID).first() != nil
    }

    public func updateTeam(_ team: Team) async throws {
        // The webhook secret is not part of the Domain team: it is carried over as stored.
        guard let stored = try await teamRow(team.id) else { throw DomainError.notFound("team") }
        let row = TeamRow(team, webhookSecret: stored.webhookSecret)
        try await unique("A team with that name already exists.") {
            try await db.sql().update(TeamRow.table).set(model: row, with: Self.rowEncoder).where("id", .equal, row.id).run()
        }
    }

    private func teamRow(_ id: TeamID) async throws -> TeamRow? {
        try await db.sql().select().column("*").from(TeamRow.table).where("id", .equal, id.rawValue).first(decoding: TeamRow.self)
    }
}

extension SQLStore: MemberRepository {
    public func createMember(_ member: Member, passwordHash: String) async throws {
        try await unique("That email address cannot be used: each email belongs to one member on this server.") {
            try await MemberModel(member, passwordHash: passwordHash).create(on: db)
        }
    }

    public func member(_ id: MemberID, in team: TeamID) async throws -> Member? {
        try await MemberModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain()
    }

    public func credentials(email: String) async throws -> (member: Member, passwordHash: String)? {
        guard let model = try await MemberModel.query(on: db).filter(\.$email == email.lowercased()).first() else { return nil }
        return (try model.domain(), model.passwordHash)
    }

    public func members(in team: TeamID) async throws -> [Member] {
        try await MemberModel.query(on: db).filter(\.$teamID == team.rawValue).sort(\.$name).all().map { try $0.domain() }
    }

    public func updateMember(_ member: Member) async throws {
        guard let model = try await MemberModel.query(on: db).filter(\.$id == member.id.rawValue)
            .filter(\.$teamID == member.teamID.rawValue).first()
        else { throw DomainError.notFound("member") }
        model.apply(member)
        try await unique("That email address cannot be used: each email belongs to one member on this server.") { try await model.update(on: db) }
    }

    public func updateProfile(_ member: MemberID, in team: TeamID, name: String?, expertise: [String]?) async throws -> Member {
        let db = self.db
        if name != nil || expertise != nil {
            let query = MemberModel.query(on: db).filter(\.$id == member.rawValue).filter(\.$teamID == team.rawValue)
            if let name { query.set(\.$name, to: name) }
            if let expertise { query.set(\.$expertise, to: expertise) }
            try await query.update()
        }
        guard let stored = try await self.member(member, in: team) else { throw DomainError.notFound("member") }
        return stored
    }

    public func updatePassword(_ member: MemberID, passwordHash: String) async throws {
        guard let model = try await MemberModel.find(member.rawValue, on: db) else { throw DomainError.notFound("member") }
        model.passwordHash = passwordHash
        try await model.update(on: db)
    }
}

extension SQLStore: CalendarFeedRepository {
    public func setCalendarFeed(of member: MemberID, tokenHash: String, at now: Date) async throws {
        try await write { tx in
            try await CalendarFeedModel.query(on: tx).filter(\.$memberID == member.rawValue).delete()
            let feed = CalendarFeedModel()
            feed.id = UUID()
            feed.memberID = member.rawValue
            feed.tokenHash = tokenHash
            feed.createdAt = now
            try await feed.create(on: tx)
        }
    }

    public func removeCalendarFeed(of member: MemberID) async throws {
        try await CalendarFeedModel.query(on: db).filter(\.$memberID == member.rawValue).delete()
    }

    public func member(forCalendarFeedHash hash: String) async throws -> Member? {
        let db = self.db
        guard let feed = try await CalendarFeedModel.query(on: db).filter(\.$tokenHash == hash).first(),
            let member = try await MemberModel.find(feed.memberID, on: db)
        else { return nil }
        return try member.domain()
    }
}

extension SQLStore: AccessTokenRepository {
    public func createToken(_ token: AccessToken) async throws {
        try await AccessTokenModel(token).create(on: db)
    }

    public func member(forTokenHash hash: String) async throws -> (token: AccessToken, member: Member)? {
        let db = self.db
        guard let token = try await AccessTokenModel.query(on: db).filter(\.$tokenHash == hash).filter(\.$revokedAt == nil).first(),
            let member = try await MemberModel.find(token.memberID, on: db)
        else { return nil }
        return (token.domain, try member.domain())
    }

    public func tokens(of member: MemberID) async throws -> [AccessToken] {
        try await AccessTokenModel.query(on: db).filter(\.$memberID == member.rawValue).sort(\.$createdAt, .descending).all()
            .map(\.domain)
    }

    public func revokeToken(_ id: AccessTokenID, of member: MemberID, at now: Date) async throws -> Bool {
        let db = self.db
        guard let token = try await AccessTokenModel.query(on: db).filter(\.$id == id.rawValue)
            .filter(\.$memberID == member.rawValue).filter(\.$revokedAt == nil).first()
        else { return false }
        token.revokedAt = now
        try await token.update(on: db)
        return true
    }

    public func revokeTokens(of member: MemberID, except kept: AccessTokenID?, at now: Date) async throws {
        let query = AccessTokenModel.query(on: db).filter(\.$memberID == member.rawValue).filter(\.$revokedAt == nil)
        if let kept { query.filter(\.$id != kept.rawValue) }
        try await query.set(\.$revokedAt, to: now).update()
    }

    public func touchToken(_ id: AccessTokenID, at now: Date) async throws {
        try await AccessTokenModel.query(on: db).filter(\.$id == id.rawValue).set(\.$lastUsedAt, to: now).update()
    }
}
