import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: WebhookRepository {
    public func createSubscription(_ subscription: WebhookSubscription) async throws {
        try await db.sql().insert(into: WebhookSubscriptionRow.table).model(WebhookSubscriptionRow(subscription), with: Self.rowEncoder).run()
    }

    public func subscriptions(in team: TeamID) async throws -> [WebhookSubscription] {
        try await db.sql().select().column("*").from(WebhookSubscriptionRow.table).where("team_id", .equal, team.rawValue)
            .orderBy("created_at").all(rows: WebhookSubscriptionRow.self).map { $0.domain() }
    }

    public func subscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> WebhookSubscription? {
        try await db.sql().select().column("*").from(WebhookSubscriptionRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: WebhookSubscriptionRow.self)?.domain()
    }

    public func deleteSubscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> Bool {
        try await write { tx in
            let sql = tx.sql()
            guard try await sql.select().column("id").from(WebhookSubscriptionRow.table).where("id", .equal, id.rawValue)
                .where("team_id", .equal, team.rawValue).limit(1).first() != nil
            else { return false }
            // SQLite enforces the cascade only with foreign keys on, so the log goes explicitly.
            try await sql.delete(from: WebhookDeliveryRow.table).where("subscription_id", .equal, id.rawValue).run()
            try await sql.delete(from: WebhookSubscriptionRow.table).where("id", .equal, id.rawValue).run()
            return true
        }
    }

    public func allSubscriptions() async throws -> [WebhookSubscription] {
        try await db.sql().select().column("*").from(WebhookSubscriptionRow.table).all(rows: WebhookSubscriptionRow.self).map { $0.domain() }
    }

    /// The event keys of these already in the subscription's log.
    private static func queuedKeys(_ keys: [String], for subscription: WebhookSubscriptionID, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column("event_key").from(WebhookDeliveryRow.table).where("subscription_id", .equal, subscription.rawValue)
            .where("event_key", .in, keys).all().map { try $0.decode(column: "event_key", as: String.self) }
    }

    public func unqueuedKeys(_ keys: [String], for subscription: WebhookSubscriptionID) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let known = try await Self.queuedKeys(keys, for: subscription, on: db.sql())
        return Set(keys).subtracting(known)
    }

    public func enqueue(_ deliveries: [WebhookDelivery], for subscription: WebhookSubscriptionID) async throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        do {
            return try await write { tx in
                let sql = tx.sql()
                let keys = deliveries.map(\.eventKey)
                let known = Set(try await Self.queuedKeys(keys, for: subscription, on: sql))
                var seen = known
                var added = 0
                for delivery in deliveries where seen.insert(delivery.eventKey).inserted {
                    try await sql.insert(into: WebhookDeliveryRow.table).model(WebhookDeliveryRow(delivery), with: Self.rowEncoder).run()
                    added += 1
                }
                return added
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another server queued the same events at the same moment; they are in the log once.
            return 0
        }
    }

    public func markScanned(_ subscription: WebhookSubscriptionID, until: Date) async throws {
        try await db.sql().update(WebhookSubscriptionRow.table).set("scanned_until", to: until).where("id", .equal, subscription.rawValue).run()
    }

    public func dueDeliveries(at now: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await db.sql().select().column("*").from(WebhookDeliveryRow.table).where("status", .equal, DeliveryStatus.pending.rawValue)
            .where("next_attempt_at", .lessThanOrEqual, now).orderBy("next_attempt_at").limit(limit)
            .all(rows: WebhookDeliveryRow.self).map { $0.domain() }
    }

    public func claim(_ delivery: WebhookDelivery, at now: Date, leaseUntil: Date) async throws -> Bool {
        try await claimQueued(in: WebhookDeliveryRow.table, id: delivery.id.rawValue, attempts: delivery.attempts, at: now, leaseUntil: leaseUntil)
    }

    /// Writes what an attempt changes (status, attempts, times, last result); what was queued stays.
    public func saveDelivery(_ delivery: WebhookDelivery) async throws {
        try await saveAttempt(WebhookDeliveryRow(delivery), columns: WebhookDeliveryRow.attemptColumns.map(\.rawValue), what: "delivery")
    }

    public func delivery(_ id: WebhookDeliveryID, in team: TeamID) async throws -> WebhookDelivery? {
        try await db.sql().select().column("*").from(WebhookDeliveryRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: WebhookDeliveryRow.self)?.domain()
    }

    public func deliveries(of subscription: WebhookSubscriptionID, in team: TeamID, page request: Paging) async throws -> ListPage<WebhookDelivery> {
        let rows = try await db.sql().select().column("*").from(WebhookDeliveryRow.table).where("subscription_id", .equal, subscription.rawValue)
            .where("team_id", .equal, team.rawValue).orderBy("created_at", .descending).orderBy("event_key").page(request)
            .all(rows: WebhookDeliveryRow.self)
        return ListPage(fetched: rows.map { $0.domain() }, request: request)
    }

    /// The sources of each kind of event, read one after another. Within a source, rows are read in
    /// id order inside the time window: a cursor on the id never skips or repeats a row, whatever the
    /// precision of the stored times.
    private typealias Source = (TeamID, Date, Date, UUID?, Int) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?)

    private func sources(of event: OutboundEvent) -> [Source] {
        switch event {
        case .reflectionOverdue: [overdueReflections]
        case .debriefOpened: [{ try await self.debriefEvents(.debriefOpened, $0, $1, $2, $3, $4) }]
        case .debriefDue: [{ try await self.debriefEvents(.debriefDue, $0, $1, $2, $3, $4) }]
        case .questionAnswered: [answeredQuestions]
        case .briefReady: [briefsAfterCalls, briefsAfterDebriefs]
        }
    }

    public func occurrences(
        in team: TeamID, of event: OutboundEvent, since: Date, until: Date, after cursor: OccurrenceCursor?, limit: Int
    ) async throws -> OccurrencePage {
        let sources = sources(of: event)
        let index = cursor?.source ?? 0
        guard index < sources.count else { return OccurrencePage(occurrences: [], next: nil) }
        let page = try await sources[index](team, since, until, cursor?.afterID, limit)
        let next: OccurrenceCursor?
        if page.rows == limit, let last = page.lastID {
            next = OccurrenceCursor(source: index, afterID: last)
        } else {
            next = index + 1 < sources.count ? OccurrenceCursor(source: index + 1, afterID: nil) : nil
        }
        return OccurrencePage(occurrences: page.occurrences, next: next)
    }

    private func interactionRows(_ team: TeamID, _ ids: [UUID]) async throws -> [InteractionRow] {
        guard !ids.isEmpty else { return [] }
        return try await db.sql().select().column("*").from(InteractionRow.table)
            .where(Self.teamScope(InteractionRow.table, team, preferOtherIndexes: true, on: db.sql()))
            .where("id", .in, ids).all(rows: InteractionRow.self)
    }

    private func overdueReflections(_ team: TeamID, _ since: Date, _ until: Date, _ after: UUID?, _ limit: Int) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?) {
        let query = db.sql().select().column("*").from(ReflectionRow.table).where("team_id", .equal, team.rawValue)
            .where("status", .equal, ReflectionStatus.pending.rawValue).where("due_at", .greaterThan, since).where("due_at", .lessThanOrEqual, until)
        if let after { query.where("id", .greaterThan, after) }
        let rows = try await query.orderBy("id").limit(limit).all(rows: ReflectionRow.self)
        let interactions = try await interactionRows(team, rows.map(\.interactionID))
        let byID = Dictionary(uniqueKeysWithValues: interactions.map { ($0.id, $0) })
        let names = try await accountNames(team, Set(interactions.map(\.accountID)))
        let found = rows.compactMap { row -> OutboundOccurrence? in
            guard let call = byID[row.interactionID] else { return nil }
            return OutboundOccurrence(
                event: .reflectionOverdue, occurredAt: row.dueAt,
                subject: .reflectionOverdue(
                    reflection: .init(row.id), interaction: .init(call.id), rep: .init(row.authorID),
                    kind: InteractionKind(rawValue: call.kind) ?? .call, account: names[call.accountID] ?? "an account",
                    interactionAt: call.occurredAt, dueAt: row.dueAt))
        }
        return (found, rows.count, rows.last?.id)
    }

    private func debriefEvents(
        _ event: OutboundEvent, _ team: TeamID, _ since: Date, _ until: Date, _ after: UUID?, _ limit: Int
    ) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?) {
        let query = db.sql().select().column("*").from(DebriefRow.table).where("team_id", .equal, team.rawValue)
        if event == .debriefOpened {
            // When it opened in Rebound: a deal lost last month and imported today is announced today.
            query.where("created_at", .greaterThan, since).where("created_at", .lessThanOrEqual, until)
        } else {
            query.where("status", .notEqual, DebriefStatus.completed.rawValue).where("due_at", .greaterThan, since).where("due_at", .lessThanOrEqual, until)
        }
        if let after { query.where("id", .greaterThan, after) }
        let rows = try await query.orderBy("id").limit(limit).all(rows: DebriefRow.self)
        let names = try await accountNames(team, Set(rows.compactMap(\.accountID)))
        let found = rows.map { row in
            OutboundOccurrence(
                event: event, occurredAt: event == .debriefOpened ? row.createdAt : row.dueAt,
                subject: .debrief(
                    .init(row.id), title: row.title, account: row.accountID.flatMap { names[$0] }, eventAt: row.eventAt, dueAt: row.dueAt))
        }
        return (found, rows.count, rows.last?.id)
    }

    private func answeredQuestions(_ team: TeamID, _ since: Date, _ until: Date, _ after: UUID?, _ limit: Int) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?) {
        // Only the team library: a question its author kept private never leaves Rebound.
        let query = db.sql().select().column("*").from(QuestionRow.table).where("team_id", .equal, team.rawValue)
            .where("in_library", .equal, true).where("status", .equal, QuestionStatus.answered.rawValue)
            .where("closed_at", .greaterThan, since).where("closed_at", .lessThanOrEqual, until)
        if let after { query.where("id", .greaterThan, after) }
        let rows = try await query.orderBy("id").limit(limit).all(rows: QuestionRow.self)
        let names = try await accountNames(team, Set(rows.compactMap(\.accountID)))
        let found = rows.compactMap { row -> OutboundOccurrence? in
            guard let answer = row.answer, let at = row.closedAt else { return nil }
            return OutboundOccurrence(
                event: .questionAnswered, occurredAt: at,
                subject: .questionAnswered(.init(row.id), text: row.text, answer: answer, topic: row.topic, account: row.accountID.flatMap { names[$0] }))
        }
        return (found, rows.count, rows.last?.id)
    }

    private func briefsAfterCalls(_ team: TeamID, _ since: Date, _ until: Date, _ after: UUID?, _ limit: Int) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?) {
        let query = db.sql().select().column("*").from(ReflectionRow.table).where("team_id", .equal, team.rawValue)
            .where("outcome", .equal, Outcome.bad.rawValue).where("status", .equal, ReflectionStatus.completed.rawValue)
            .where("completed_at", .greaterThan, since).where("completed_at", .lessThanOrEqual, until)
        if let after { query.where("id", .greaterThan, after) }
        let reflections = try await query.orderBy("id").limit(limit).all(rows: ReflectionRow.self)
        let calls = try await interactionRows(team, reflections.map(\.interactionID))
        let accountOfCall = Dictionary(uniqueKeysWithValues: calls.map { ($0.id, $0.accountID) })
        let names = try await accountNames(team, Set(calls.map(\.accountID)))
        let found = reflections.compactMap { row -> OutboundOccurrence? in
            guard let account = accountOfCall[row.interactionID], let at = row.completedAt else { return nil }
            return OutboundOccurrence(
                event: .briefReady, occurredAt: at,
                subject: .briefReady(account: .init(account), name: names[account] ?? "", after: .interaction(.init(row.interactionID))))
        }
        return (found, reflections.count, reflections.last?.id)
    }

    private func briefsAfterDebriefs(_ team: TeamID, _ since: Date, _ until: Date, _ after: UUID?, _ limit: Int) async throws -> (occurrences: [OutboundOccurrence], rows: Int, lastID: UUID?) {
        let query = db.sql().select().column("*").from(DebriefRow.table).where("team_id", .equal, team.rawValue)
            .where("status", .equal, DebriefStatus.completed.rawValue).where("completed_at", .greaterThan, since)
            .where("completed_at", .lessThanOrEqual, until).where("account_id", .isNot, SQLLiteral.null)
        if let after { query.where("id", .greaterThan, after) }
        let debriefs = try await query.orderBy("id").limit(limit).all(rows: DebriefRow.self)
        let names = try await accountNames(team, Set(debriefs.compactMap(\.accountID)))
        let found = debriefs.compactMap { row -> OutboundOccurrence? in
            guard let account = row.accountID, let at = row.completedAt else { return nil }
            let event: FailureEvent = row.dealID.map { .deal(.init($0)) } ?? .interaction(.init(row.interactionID ?? row.id))
            return OutboundOccurrence(
                event: .briefReady, occurredAt: at, subject: .briefReady(account: .init(account), name: names[account] ?? "", after: event))
        }
        return (found, debriefs.count, debriefs.last?.id)
    }

    private func accountNames(_ team: TeamID, _ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(AccountRow.table)
            .where(Self.teamScope(AccountRow.table, team, preferOtherIndexes: true, on: db.sql()))
            .where("id", .in, Array(ids)).all(rows: AccountRow.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.name) })
    }
}
