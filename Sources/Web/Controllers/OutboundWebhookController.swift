import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Outbound webhooks, managed by admins: subscribe a URL to events, read the delivery log, and
/// ask for a delivery that ran out of attempts to be sent again.
struct OutboundWebhookController {
    let subscriptions: WebhookSubscriptions
    let webhooks: any WebhookRepository

    struct CreateBody: Decodable {
        let url: String
        let events: [OutboundEvent]
        let format: WebhookFormat?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.listWebhooks, use: list)
        router.add(.createWebhook, use: create)
        router.add(.getWebhook, use: get)
        router.add(.deleteWebhook, use: delete)
        router.add(.listWebhookDeliveries, use: deliveries)
        router.add(.redeliverWebhook, use: redeliver)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<WebhookSubscriptionResponse> {
        try context.requireAdmin()
        let list = try await webhooks.subscriptions(in: context.team)
        return ListResponse(items: list.map(WebhookSubscriptionResponse.init), nextOffset: nil)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<WebhookSubscriptionCreatedResponse> {
        try context.requireAdmin()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let subscription = try await subscriptions.subscribe(url: body.url, events: body.events, format: body.format ?? .rebound, by: context.user)
        return EditedResponse(
            status: .created, response: WebhookSubscriptionCreatedResponse(subscription: .init(subscription), secret: subscription.secret))
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> WebhookSubscriptionResponse {
        try context.requireAdmin()
        return WebhookSubscriptionResponse(try await subscription(context))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> HTTPResponse.Status {
        try context.requireAdmin()
        let id = try context.parameters.id(as: WebhookSubscriptionID.self, what: "webhook")
        try await subscriptions.delete(id, in: context.team)
        return .noContent
    }

    @Sendable func deliveries(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<WebhookDeliveryResponse> {
        try context.requireAdmin()
        let subscription = try await subscription(context)
        let page = try await webhooks.deliveries(of: subscription.id, in: context.team, page: try QueryParameters(request).page())
        return ListResponse(page) { WebhookDeliveryResponse($0) }
    }

    @Sendable func redeliver(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<WebhookDeliveryResponse> {
        try context.requireAdmin()
        let subscription = try await subscription(context)
        let id = try context.parameters.id("delivery", as: WebhookDeliveryID.self, what: "delivery")
        let delivery = try await subscriptions.sendAgain(id, of: subscription.id, in: context.team)
        return EditedResponse(status: .accepted, response: WebhookDeliveryResponse(delivery))
    }

    private func subscription(_ context: AuthenticatedContext) async throws -> WebhookSubscription {
        let id = try context.parameters.id(as: WebhookSubscriptionID.self, what: "webhook")
        guard let subscription = try await webhooks.subscription(id, in: context.team) else { throw DomainError.notFound("webhook") }
        return subscription
    }
}

/// Never carries the secret: it is shown once, when the subscription is made.
struct WebhookSubscriptionResponse: ResponseEncodable {
    let id: WebhookSubscriptionID
    let url: String
    let events: [OutboundEvent]
    let format: WebhookFormat
    let createdAt: Date

    init(_ s: WebhookSubscription) {
        id = s.id
        url = s.url
        events = s.events
        format = s.format
        createdAt = s.createdAt
    }
}

struct WebhookSubscriptionCreatedResponse: ResponseEncodable {
    let subscription: WebhookSubscriptionResponse
    /// Verify `X-Rebound-Signature` with it; it is not shown again.
    let secret: String
}

struct WebhookDeliveryResponse: ResponseEncodable {
    let id: WebhookDeliveryID
    let event: OutboundEvent
    let eventKey: String
    let status: DeliveryStatus
    let attempts: Int
    let nextAttemptAt: Date?
    let lastAttemptAt: Date?
    let lastStatusCode: Int?
    let lastError: String?
    let deliveredAt: Date?
    let createdAt: Date
    let body: String

    init(_ d: WebhookDelivery) {
        id = d.id
        event = d.event
        eventKey = d.eventKey
        status = d.status
        attempts = d.attempts
        nextAttemptAt = d.status == .pending ? d.nextAttemptAt : nil
        lastAttemptAt = d.lastAttemptAt
        lastStatusCode = d.lastStatusCode
        lastError = d.lastError
        deliveredAt = d.deliveredAt
        createdAt = d.createdAt
        body = d.body
    }
}
