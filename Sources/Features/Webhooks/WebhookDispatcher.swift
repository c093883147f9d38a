import Domain
import Foundation
import Logging
import Storage

/// Sends an HTTP POST. The server uses AsyncHTTPClient; the protocol keeps this layer free of it.
public protocol WebhookTransport: Sendable {
    /// Returns the receiver's status code; throws when it could not be reached or did not answer in time.
    func post(url: String, headers: [(String, String)], body: String) async throws -> Int
}

/// Finds new events for each subscription, queues one delivery per event and subscriber, and sends
/// what is due, retrying with backoff. Safe on several servers at once: queuing is unique per event
/// key and each attempt is claimed before it is made.
public struct WebhookDispatcher: Sendable {
    public let repositories: Repositories
    public let transport: any WebhookTransport
    let publicURL: String
    public let clock: @Sendable () -> Date
    public let policy: RetryPolicy
    public let logger: Logger
    /// Rows written just before a scan may commit just after it; each scan looks back this far again.
    public static let overlap: TimeInterval = 5 * 60
    /// How long a claimed attempt is held before another server may try it (longer than any timeout).
    public static let lease: TimeInterval = 2 * 60
    public static let pageSize = 500
    public static let batchSize = 50
    public static let deliveriesPerRound = 2_000

    public init(
        repositories: Repositories, transport: any WebhookTransport, publicURL: String, policy: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "rebound.webhooks"), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.repositories = repositories
        self.transport = transport
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.policy = policy
        self.logger = logger
        self.clock = clock
    }

    /// One round: queue what happened since the last scan, then attempt every due delivery.
    @discardableResult
    public func runOnce() async throws -> (queued: Int, attempted: Int) {
        let queued = try await queueNewEvents()
        // Due deliveries are sent batch after batch, up to a bound per round, so a burst drains in a
        // few rounds rather than one batch per round.
        var attempted = 0
        while attempted < Self.deliveriesPerRound {
            let sent = try await deliverDue()
            attempted += sent
            if sent == 0 { break }
        }
        return (queued, attempted)
    }

    /// Reads every event in each subscription's window, a page at a time, and queues those the
    /// subscriber has no delivery for. Payloads are rendered only for new events. The window ends now
    /// and starts `overlap` before the last scan, for rows that committed late; it is always read to
    /// its end, so the mark always moves on, whatever the backlog.
    public func queueNewEvents() async throws -> Int {
        var queued = 0
        var zones: [TeamID: TimeZone] = [:]
        for subscription in try await repositories.webhooks.allSubscriptions() {
            let now = clock()
            if zones[subscription.teamID] == nil { zones[subscription.teamID] = TimeZones.zone(try await repositories.teams.team(subscription.teamID)?.timeZone) }
            let zone = zones[subscription.teamID] ?? .gmt
            let since = max(subscription.createdAt, subscription.scannedUntil.addingTimeInterval(-Self.overlap))
            for event in subscription.events {
                var cursor: OccurrenceCursor?
                repeat {
                    let page = try await repositories.webhooks.occurrences(
                        in: subscription.teamID, of: event, since: since, until: now, after: cursor, limit: Self.pageSize)
                    let fresh = try await repositories.webhooks.unqueuedKeys(page.occurrences.map(\.key), for: subscription.id)
                    let deliveries = page.occurrences.filter { fresh.contains($0.key) }.map { occurrence in
                        let id = WebhookDeliveryID()
                        return WebhookDelivery(
                            id: id, subscriptionID: subscription.id, teamID: subscription.teamID, event: occurrence.event, eventKey: occurrence.key,
                            body: WebhookPayload.body(for: occurrence, delivery: id, team: subscription.teamID, format: subscription.format, link: link(for: occurrence), zone: zone),
                            nextAttemptAt: now, createdAt: now)
                    }
                    queued += try await repositories.webhooks.enqueue(deliveries, for: subscription.id)
                    cursor = page.next
                } while cursor != nil
            }
            try await repositories.webhooks.markScanned(subscription.id, until: now)
        }
        return queued
    }

    public func deliverDue() async throws -> Int {
        let due = try await repositories.webhooks.dueDeliveries(at: clock(), limit: Self.batchSize)
        var subscriptions: [WebhookSubscriptionID: WebhookSubscription] = [:]
        for delivery in due where subscriptions[delivery.subscriptionID] == nil {
            subscriptions[delivery.subscriptionID] = try await repositories.webhooks.subscription(delivery.subscriptionID, in: delivery.teamID)
        }
        let targets = subscriptions
        return await withTaskGroup(of: Bool.self) { group in
            for delivery in due {
                guard let subscription = targets[delivery.subscriptionID] else { continue }
                group.addTask { await attempt(delivery, to: subscription) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    /// Returns whether this server made the attempt (another may have claimed it first).
    private func attempt(_ delivery: WebhookDelivery, to subscription: WebhookSubscription) async -> Bool {
        var delivery = delivery
        do {
            let now = clock()
            guard try await repositories.webhooks.claim(delivery, at: now, leaseUntil: now.addingTimeInterval(Self.lease)) else { return false }
            let timestamp = String(Int(clock().timeIntervalSince1970))
            let headers = [
                ("Content-Type", "application/json"),
                ("User-Agent", "Rebound-Webhooks/1"),
                ("X-Rebound-Event", delivery.event.rawValue),
                ("X-Rebound-Delivery", delivery.id.description),
                (WebhookSignature.timestampHeader, timestamp),
                (WebhookSignature.signatureHeader, WebhookSignature.sign(secret: subscription.secret, timestamp: timestamp, body: Data(delivery.body.utf8))),
            ]
            do {
                let status = try await transport.post(url: subscription.url, headers: headers, body: delivery.body)
                if (200..<300).contains(status) {
                    delivery.succeeded(statusCode: status, at: clock())
                } else {
                    delivery.failed(statusCode: status, error: "the receiver answered HTTP \(status)", at: clock(), policy: policy)
                }
            } catch let refused as DestinationRefused {
                delivery.failed(statusCode: nil, error: refused.description, at: clock(), policy: policy)
            } catch {
                // Generic on purpose: the log is read by admins, and the network's own error text would
                // tell them which ports and hosts exist on the server's side.
                logger.info("webhook delivery failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
                delivery.failed(statusCode: nil, error: "no answer: the receiver could not be reached or did not answer in time", at: clock(), policy: policy)
            }
            try await repositories.webhooks.saveDelivery(delivery)
            if delivery.status == .failed {
                logger.warning("webhook delivery gave up", metadata: ["delivery": "\(delivery.id)", "url": "\(subscription.url)"])
            }
            return true
        } catch {
            logger.error("webhook delivery could not be recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            return false
        }
    }

    public func link(for occurrence: OutboundOccurrence) -> String {
        let page: SiteURL
        switch occurrence.subject {
        case .reflectionOverdue(let reflection, _, _, _, _, _, _): page = .reflection(reflection)
        case .debrief(let id, _, _, _, _): page = .debrief(id)
        case .questionAnswered: page = .questions
        case .briefReady(let account, _, _): page = .brief(account)
        }
        return publicURL + page.path
    }
}
