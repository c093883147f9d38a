import Domain
import Foundation
import Storage

/// Whether the server may send to a URL. The server resolves the host and checks its addresses
/// (`WebhookDestinations` in Web); the protocol keeps this layer free of the resolver.
public protocol WebhookDestinationCheck: Sendable {
    /// Throws `DestinationRefused` when the URL may not be used.
    func check(_ url: String) async throws
}

/// What an admin does to outbound webhook subscriptions, once for the API and the settings page.
/// Who may do it (admins) is checked by each adapter, which words the refusal its own way.
public struct WebhookSubscriptions: Sendable {
    let repositories: Repositories
    let destinations: any WebhookDestinationCheck
    let clock: @Sendable () -> Date

    public init(repositories: Repositories, destinations: any WebhookDestinationCheck, clock: @escaping @Sendable () -> Date) {
        self.repositories = repositories
        self.destinations = destinations
        self.clock = clock
    }

    /// The secret is made here and returned once: it is never shown again.
    public func subscribe(url: String, events: [OutboundEvent], format: WebhookFormat, by admin: Member) async throws -> WebhookSubscription {
        var subscription = WebhookSubscription(
            teamID: admin.teamID, url: url, events: events, format: format, secret: Self.newSecret(), createdByID: admin.id, createdAt: clock())
        try subscription.validate()
        do {
            try await destinations.check(subscription.url)
        } catch let refused as DestinationRefused {
            throw DomainError.invalid([FieldError("url", refused.description)])
        }
        try await repositories.webhooks.createSubscription(subscription)
        return subscription
    }

    /// Removes the subscription with its delivery log.
    public func delete(_ id: WebhookSubscriptionID, in team: TeamID) async throws {
        guard try await repositories.webhooks.deleteSubscription(id, in: team) else { throw DomainError.notFound("webhook") }
    }

    /// Queues a delivery that gave up for the next round.
    public func sendAgain(_ id: WebhookDeliveryID, of subscription: WebhookSubscriptionID, in team: TeamID) async throws -> WebhookDelivery {
        guard var delivery = try await repositories.webhooks.delivery(id, in: team), delivery.subscriptionID == subscription else {
            throw DomainError.notFound("delivery")
        }
        guard delivery.status == .failed else {
            throw DomainError.conflict("Only a delivery that gave up can be sent again; this one is \(delivery.status.rawValue).")
        }
        delivery.redeliver(at: clock())
        try await repositories.webhooks.saveDelivery(delivery)
        return delivery
    }

    /// Unguessable: 40 bytes from the system generator, in hex.
    static func newSecret() -> String {
        "whsec_" + RandomToken.hex(bytes: 40)
    }
}
