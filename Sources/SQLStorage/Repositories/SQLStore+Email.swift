import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: EmailRepository {
    private static func queuedKeys(_ keys: [String], in team: TeamID, on sql: any SQLDatabase) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let rows = try await sql.select().column("key").from(EmailMessageRow.table).where("team_id", .equal, team.rawValue)
            .where("key", .in, keys).all()
        return Set(try rows.map { try $0.decode(column: "key", as: String.self) })
    }

    public func queuedEmailKeys(_ keys: [String], in team: TeamID) async throws -> Set<String> {
        try await Self.queuedKeys(keys, in: team, on: db.sql())
    }

    public func enqueueEmails(_ emails: [OutboundEmail]) async throws -> Int {
        guard !emails.isEmpty else { return 0 }
        do {
            return try await write { tx in
                let sql = tx.sql()
                var added = 0
                for (team, batch) in Dictionary(grouping: emails, by: \.teamID) {
                    var seen = try await Self.queuedKeys(batch.map(\.key), in: team, on: sql)
                    for email in batch where seen.insert(email.key).inserted {
                        try await sql.insert(into: EmailMessageRow.table).model(EmailMessageRow(email), with: Self.rowEncoder).run()
                        added += 1
                    }
                }
                return added
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another server queued the same messages at the same moment; they are in the outbox once.
            return 0
        }
    }

    public func dueEmails(at now: Date, limit: Int) async throws -> [OutboundEmail] {
        try await db.sql().select().column("*").from(EmailMessageRow.table).where("status", .equal, OutboundEmailStatus.pending.rawValue)
            .where("next_attempt_at", .lessThanOrEqual, now).orderBy("next_attempt_at").limit(limit)
            .all(rows: EmailMessageRow.self).map { try $0.domain() }
    }

    public func claimEmail(_ email: OutboundEmail, at now: Date, leaseUntil: Date) async throws -> Bool {
        try await claimQueued(in: EmailMessageRow.table, id: email.id.rawValue, attempts: email.attempts, at: now, leaseUntil: leaseUntil)
    }

    public func saveEmail(_ email: OutboundEmail) async throws {
        let settled = email.status != .pending
        try await saveAttempt(EmailMessageRow(email), columns: EmailMessageRow.attemptColumns.map(\.rawValue), what: "email") { query in
            guard settled else { return }
            query.set("subject", to: "").set("text_body", to: "").set("html_body", to: "").set("calendar", to: SQLLiteral.null).set("unsubscribe_url", to: "")
        }
    }

    public func emails(in team: TeamID, status: OutboundEmailStatus?, page request: Paging) async throws -> ListPage<OutboundEmail> {
        let query = db.sql().select().column("*").from(EmailMessageRow.table).where("team_id", .equal, team.rawValue)
        if let status { query.where("status", .equal, status.rawValue) }
        let rows = try await query.orderBy("created_at", .descending).orderBy("id").page(request).all(rows: EmailMessageRow.self)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: request)
    }

    public func emailPreferences(of member: MemberID) async throws -> EmailPreferences {
        try await db.sql().select().column("*").from(EmailPreferencesRow.table).where("id", .equal, member.rawValue)
            .first(row: EmailPreferencesRow.self)?.domain() ?? EmailPreferences()
    }

    public func setEmailPreferences(_ preferences: EmailPreferences, of member: MemberID, in team: TeamID) async throws {
        try await write { tx in try await Self.storePreferences(preferences, of: member, in: team, on: tx.sql()) }
    }

    private static func storePreferences(_ preferences: EmailPreferences, of member: MemberID, in team: TeamID, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: EmailPreferencesRow.table).where("id", .equal, member.rawValue).run()
        try await sql.insert(into: EmailPreferencesRow.table).model(EmailPreferencesRow(preferences, member: member, team: team), with: rowEncoder).run()
    }

    public func unsubscribe(tokenHash: String, at now: Date) async throws -> OutboundEmail? {
        try await write { tx in
            let sql = tx.sql()
            guard let email = try await sql.select().column("*").from(EmailMessageRow.table).where("unsubscribe_token_hash", .equal, tokenHash)
                .first(row: EmailMessageRow.self)?.domain()
            else { return nil }
            var preferences = try await sql.select().column("*").from(EmailPreferencesRow.table).where("id", .equal, email.memberID.rawValue)
                .first(row: EmailPreferencesRow.self)?.domain() ?? EmailPreferences()
            if preferences.off.insert(email.kind).inserted {
                try await Self.storePreferences(preferences, of: email.memberID, in: email.teamID, on: sql)
            }
            return email
        }
    }

    public func latestInvitations(to debriefs: [DebriefID], in team: TeamID) async throws -> [OutboundEmail] {
        guard !debriefs.isEmpty else { return [] }
        let rows = try await db.sql().select().column("*").from(EmailMessageRow.table).where("team_id", .equal, team.rawValue)
            .where("kind", .equal, EmailKind.debriefInvitation.rawValue).where("subject_id", .in, debriefs.map(\.rawValue))
            .all(rows: EmailMessageRow.self)
        var latest: [String: EmailMessageRow] = [:]
        for row in rows {
            let pair = "\(row.subjectID?.uuidString ?? ""):\(row.memberID.uuidString)"
            if let known = latest[pair], known.sequence >= row.sequence { continue }
            latest[pair] = row
        }
        return try latest.values.map { try $0.domain() }
    }

    public func debriefsWithInvitations(in team: TeamID, meetingAfter: Date) async throws -> [DebriefID] {
        let rows = try await db.sql().select().distinct().column("subject_id").from(EmailMessageRow.table).where("team_id", .equal, team.rawValue)
            .where("kind", .equal, EmailKind.debriefInvitation.rawValue).where("subject_at", .greaterThan, meetingAfter).all()
        return try rows.compactMap { try $0.decode(column: "subject_id", as: UUID?.self).map { DebriefID($0) } }
    }

    public func pendingReflections(in team: TeamID, dueAfter: Date, through: Date) async throws -> [ReflectionNudge] {
        let rows = try await db.sql().select().column("*").from(ReflectionRow.table).where("team_id", .equal, team.rawValue)
            .where("status", .equal, ReflectionStatus.pending.rawValue).where("due_at", .greaterThan, dueAfter)
            .where("due_at", .lessThanOrEqual, through).orderBy("due_at").limit(5_000).all(rows: ReflectionRow.self)
        guard !rows.isEmpty else { return [] }
        let calls = try await db.sql().select().column("*").from(InteractionRow.table)
            .where(Self.teamScope(InteractionRow.table, team, preferOtherIndexes: true, on: db.sql()))
            .where("id", .in, rows.map(\.interactionID)).all(rows: InteractionRow.self)
        let callByID = Dictionary(uniqueKeysWithValues: calls.map { ($0.id, $0) })
        let accountIDs = Array(Set(calls.map(\.accountID)))
        let accounts = accountIDs.isEmpty ? [] : try await db.sql().select().column("id").column("name").from(AccountRow.table)
            .where("team_id", .equal, team.rawValue).where("id", .in, accountIDs).all()
        var names: [UUID: String] = [:]
        for account in accounts { names[try account.decode(column: "id", as: UUID.self)] = try account.decode(column: "name", as: String.self) }
        return try rows.compactMap { row in
            guard let call = callByID[row.interactionID] else { return nil }
            return ReflectionNudge(
                reflectionID: .init(row.id), authorID: .init(row.authorID), outcome: try decode(Outcome.self, row.outcome), dueAt: row.dueAt,
                interactionKind: InteractionKind(rawValue: call.kind) ?? .call, interactionAt: call.occurredAt,
                account: names[call.accountID] ?? "an account")
        }
    }

    public func answeredQuestions(in team: TeamID, closedAfter: Date) async throws -> [Question] {
        try await db.sql().select().column("*").from(QuestionRow.table).where("team_id", .equal, team.rawValue)
            .where("status", .equal, QuestionStatus.answered.rawValue).where("closed_at", .greaterThan, closedAfter)
            .limit(5_000).all(rows: QuestionRow.self).map { try $0.domain() }
    }

    public func openActionItems(in team: TeamID, dueFrom: Date, through: Date) async throws -> [ActionItem] {
        try await db.sql().select().column("*").from(ActionItemRow.table).where("team_id", .equal, team.rawValue)
            .where("due_date", .greaterThanOrEqual, dueFrom).where("due_date", .lessThanOrEqual, through)
            .where("status", .equal, ActionStatus.open.rawValue).limit(5_000).all(rows: ActionItemRow.self).map { try $0.domain() }
    }

    public func scheduledDebriefs(in team: TeamID, after: Date, through: Date) async throws -> [DebriefID] {
        try await db.sql().select().column("id").from(DebriefRow.table).where("team_id", .equal, team.rawValue)
            .where("status", .notEqual, DebriefStatus.completed.rawValue).where("scheduled_for", .greaterThan, after)
            .where("scheduled_for", .lessThanOrEqual, through).limit(5_000).all()
            .map { DebriefID(try $0.decode(column: "id", as: UUID.self)) }
    }

    public func perspectiveAuthors(of debrief: DebriefID) async throws -> Set<MemberID> {
        let rows = try await db.sql().select().distinct().column("author_id").from(PerspectiveRow.table)
            .where("debrief_id", .equal, debrief.rawValue).where("submitted_at", .isNot, SQLLiteral.null).all()
        return Set(try rows.map { MemberID(try $0.decode(column: "author_id", as: UUID.self)) })
    }
}
