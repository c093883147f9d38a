import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: WebhookRepository {
    public func createSubscription(_ subscription: WebhookSubscription) async throws {
        try await WebhookSubscriptionModel(subscription).create(on: db)
    }

    public func subscriptions(in team: TeamID) async throws -> [WebhookSubscription] {
        try await WebhookSubscriptionModel.query(on: db).filter(\.$teamID == team.rawValue).sort(\.$createdAt).all().map(\.domain)
    }

    public func subscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> WebhookSubscription? {
        try await WebhookSubscriptionModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain
    }

    public func deleteSubscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> Bool {
        try await write { tx in
            guard let model = try await WebhookSubscriptionModel.query(on: tx).filter(\.$id == id.rawValue)
                .filter(\.$teamID == team.rawValue).first()
            else { return false }
            // SQLite enforces the cascade only with foreign keys on, so the log goes explicitly.
            try await WebhookDeliveryModel.query(on: tx).filter(\.$subscriptionID == id.rawValue).delete()
            try await model.delete(on: tx)
            return true
        }
    }

    public func allSubscriptions() async throws -> [WebhookSubscription] {
        try await WebhookSubscriptionModel.query(on: db).all().map(\.domain)
    }

    public func enqueue(_ deliveries: [WebhookDelivery], scannedUntil: Date, for subscription: WebhookSubscriptionID) async throws -> Int {
        do {
            return try await write { tx in
                let keys = deliveries.map(\.eventKey)
                let existing = keys.isEmpty ? [] : try await WebhookDeliveryModel.query(on: tx)
                    .filter(\.$subscriptionID == subscription.rawValue).filter(\.$eventKey ~~ keys).all().map(\.eventKey)
                let known = Set(existing)
                var added = 0
                for delivery in deliveries where !known.contains(delivery.eventKey) {
                    try await WebhookDeliveryModel(delivery).create(on: tx)
                    added += 1
                }
                try await WebhookSubscriptionModel.query(on: tx).filter(\.$id == subscription.rawValue)
                    .set(\.$scannedUntil, to: scannedUntil).update()
                return added
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another server queued the same events at the same moment; they are in the log once.
            return 0
        }
    }

    public func dueDeliveries(at now: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await WebhookDeliveryModel.query(on: db).filter(\.$status == DeliveryStatus.pending.rawValue)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all().map(\.domain)
    }

    public func claim(_ delivery: WebhookDelivery, leaseUntil: Date) async throws -> Bool {
        let rows = try await db.sql().update(WebhookDeliveryModel.schema)
            .set("next_attempt_at", to: SQLBind(leaseUntil))
            .where("id", .equal, SQLBind(delivery.id.rawValue))
            .where("status", .equal, SQLBind(DeliveryStatus.pending.rawValue))
            .where("attempts", .equal, SQLBind(delivery.attempts))
            .where("next_attempt_at", .lessThanOrEqual, SQLBind(delivery.nextAttemptAt))
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    public func saveDelivery(_ delivery: WebhookDelivery) async throws {
        guard let model = try await WebhookDeliveryModel.find(delivery.id.rawValue, on: db) else { throw DomainError.notFound("delivery") }
        model.update(from: delivery)
        try await model.update(on: db)
    }

    public func delivery(_ id: WebhookDeliveryID, in team: TeamID) async throws -> WebhookDelivery? {
        try await WebhookDeliveryModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain
    }

    public func deliveries(of subscription: WebhookSubscriptionID, in team: TeamID, page request: Paging) async throws -> ListPage<WebhookDelivery> {
        let (rows, request) = try await WebhookDeliveryModel.query(on: db).filter(\.$subscriptionID == subscription.rawValue)
            .filter(\.$teamID == team.rawValue).sort(\.$createdAt, .descending).sort(\.$eventKey).page(request)
        return ListPage(fetched: rows.map(\.domain), request: request)
    }

    public func occurrences(in team: TeamID, of events: Set<OutboundEvent>, since: Date, until: Date, limit: Int) async throws -> [OutboundOccurrence] {
        var found: [OutboundOccurrence] = []
        if events.contains(.reflectionOverdue) { found += try await overdueReflections(team, since, until, limit) }
        if events.contains(.debriefOpened) || events.contains(.debriefDue) {
            found += try await debriefEvents(team, events, since, until, limit)
        }
        if events.contains(.questionAnswered) { found += try await answeredQuestions(team, since, until, limit) }
        if events.contains(.briefReady) { found += try await readyBriefs(team, since, until, limit) }
        return found.sorted { $0.occurredAt < $1.occurredAt }
    }

    private func overdueReflections(_ team: TeamID, _ since: Date, _ until: Date, _ limit: Int) async throws -> [OutboundOccurrence] {
        let rows = try await ReflectionModel.query(on: db).filter(\.$teamID == team.rawValue)
            .filter(\.$status == ReflectionStatus.pending.rawValue).filter(\.$dueAt > since).filter(\.$dueAt <= until)
            .sort(\.$dueAt).limit(limit).all()
        let interactions = try await InteractionModel.query(on: db).filter(\.$teamID == team.rawValue)
            .filter(\.$id ~~ rows.map(\.interactionID)).all()
        let byID = Dictionary(uniqueKeysWithValues: interactions.map { ($0.id!, $0) })
        let names = try await accountNames(team, Set(interactions.map(\.accountID)))
        return rows.compactMap { row in
            guard let call = byID[row.interactionID] else { return nil }
            return OutboundOccurrence(
                event: .reflectionOverdue, occurredAt: row.dueAt,
                subject: .reflectionOverdue(
                    reflection: .init(row.id!), interaction: .init(call.id!), rep: .init(row.authorID),
                    kind: InteractionKind(rawValue: call.kind) ?? .call, account: names[call.accountID] ?? "an account",
                    interactionAt: call.occurredAt, dueAt: row.dueAt))
        }
    }

    private func debriefEvents(_ team: TeamID, _ events: Set<OutboundEvent>, _ since: Date, _ until: Date, _ limit: Int) async throws -> [OutboundOccurrence] {
        var opened: [DebriefModel] = []
        var due: [DebriefModel] = []
        if events.contains(.debriefOpened) {
            opened = try await DebriefModel.query(on: db).filter(\.$teamID == team.rawValue).filter(\.$createdAt > since)
                .filter(\.$createdAt <= until).sort(\.$createdAt).limit(limit).all()
        }
        if events.contains(.debriefDue) {
            due = try await DebriefModel.query(on: db).filter(\.$teamID == team.rawValue)
                .filter(\.$status != DebriefStatus.completed.rawValue).filter(\.$dueAt > since).filter(\.$dueAt <= until)
                .sort(\.$dueAt).limit(limit).all()
        }
        let names = try await accountNames(team, Set((opened + due).compactMap(\.accountID)))
        func occurrence(_ event: OutboundEvent, _ row: DebriefModel, at: Date) -> OutboundOccurrence {
            OutboundOccurrence(
                event: event, occurredAt: at,
                subject: .debrief(
                    .init(row.id!), title: row.title, account: row.accountID.flatMap { names[$0] }, eventAt: row.eventAt, dueAt: row.dueAt))
        }
        return opened.map { occurrence(.debriefOpened, $0, at: $0.createdAt) } + due.map { occurrence(.debriefDue, $0, at: $0.dueAt) }
    }

    private func answeredQuestions(_ team: TeamID, _ since: Date, _ until: Date, _ limit: Int) async throws -> [OutboundOccurrence] {
        // Only the team library: a question its author kept private never leaves Rebound.
        let rows = try await QuestionModel.query(on: db).filter(\.$teamID == team.rawValue).filter(\.$inLibrary == true)
            .filter(\.$status == QuestionStatus.answered.rawValue).filter(\.$closedAt > since).filter(\.$closedAt <= until)
            .sort(\.$closedAt).limit(limit).all()
        let names = try await accountNames(team, Set(rows.compactMap(\.accountID)))
        return rows.compactMap { row in
            guard let answer = row.answer, let at = row.closedAt else { return nil }
            return OutboundOccurrence(
                event: .questionAnswered, occurredAt: at,
                subject: .questionAnswered(.init(row.id!), text: row.text, answer: answer, topic: row.topic, account: row.accountID.flatMap { names[$0] }))
        }
    }

    private func readyBriefs(_ team: TeamID, _ since: Date, _ until: Date, _ limit: Int) async throws -> [OutboundOccurrence] {
        let reflections = try await ReflectionModel.query(on: db).filter(\.$teamID == team.rawValue)
            .filter(\.$outcome == Outcome.bad.rawValue).filter(\.$status == ReflectionStatus.completed.rawValue)
            .filter(\.$completedAt > since).filter(\.$completedAt <= until).sort(\.$completedAt).limit(limit).all()
        let calls = try await InteractionModel.query(on: db).filter(\.$teamID == team.rawValue)
            .filter(\.$id ~~ reflections.map(\.interactionID)).all()
        let accountOfCall = Dictionary(uniqueKeysWithValues: calls.map { ($0.id!, $0.accountID) })
        let debriefs = try await DebriefModel.query(on: db).filter(\.$teamID == team.rawValue)
            .filter(\.$status == DebriefStatus.completed.rawValue).filter(\.$completedAt > since).filter(\.$completedAt <= until)
            .filter(\.$accountID != nil).sort(\.$completedAt).limit(limit).all()
        let names = try await accountNames(team, Set(calls.map(\.accountID) + debriefs.compactMap(\.accountID)))
        var found: [OutboundOccurrence] = []
        for row in reflections {
            guard let account = accountOfCall[row.interactionID], let at = row.completedAt else { continue }
            found.append(
                OutboundOccurrence(
                    event: .briefReady, occurredAt: at,
                    subject: .briefReady(account: .init(account), name: names[account] ?? "", after: .interaction(.init(row.interactionID)))))
        }
        for row in debriefs {
            guard let account = row.accountID, let at = row.completedAt else { continue }
            let event: FailureEvent = row.dealID.map { .deal(.init($0)) } ?? .interaction(.init(row.interactionID ?? row.id!))
            found.append(
                OutboundOccurrence(
                    event: .briefReady, occurredAt: at, subject: .briefReady(account: .init(account), name: names[account] ?? "", after: event)))
        }
        return found
    }

    private func accountNames(_ team: TeamID, _ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await AccountModel.query(on: db).filter(\.$teamID == team.rawValue).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0.name) })
    }
}
