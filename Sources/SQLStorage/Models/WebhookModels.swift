import Domain
import FluentKit
import Foundation

final class WebhookEventModel: Model, @unchecked Sendable {
    static let schema = "webhook_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "event_id") var eventID: String
    @Field(key: "received_at") var receivedAt: Date

    init() {}

    init(team: UUID, event: String, at: Date) {
        id = UUID()
        teamID = team
        eventID = event
        receivedAt = at
    }
}

final class WebhookSubscriptionModel: Model, @unchecked Sendable {
    static let schema = "webhook_subscriptions"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "url") var url: String
    @Field(key: "events") var events: [String]
    @Field(key: "format") var format: String
    @Field(key: "secret") var secret: String
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "scanned_until") var scannedUntil: Date

    init() {}

    init(_ s: WebhookSubscription) {
        id = s.id.rawValue
        teamID = s.teamID.rawValue
        url = s.url
        events = s.events.map(\.rawValue)
        format = s.format.rawValue
        secret = s.secret
        createdByID = s.createdByID.rawValue
        createdAt = s.createdAt
        scannedUntil = s.scannedUntil
    }

    var domain: WebhookSubscription {
        WebhookSubscription(
            id: .init(id!), teamID: .init(teamID), url: url, events: events.compactMap(OutboundEvent.init(rawValue:)),
            format: WebhookFormat(rawValue: format) ?? .rebound, secret: secret, createdByID: .init(createdByID),
            createdAt: createdAt, scannedUntil: scannedUntil)
    }
}

final class WebhookDeliveryModel: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "subscription_id") var subscriptionID: UUID
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "event") var event: String
    @Field(key: "event_key") var eventKey: String
    @Field(key: "body") var body: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_attempt_at") var lastAttemptAt: Date?
    @OptionalField(key: "last_status_code") var lastStatusCode: Int?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ d: WebhookDelivery) {
        id = d.id.rawValue
        subscriptionID = d.subscriptionID.rawValue
        teamID = d.teamID.rawValue
        event = d.event.rawValue
        eventKey = d.eventKey
        body = d.body
        createdAt = d.createdAt
        update(from: d)
    }

    func update(from d: WebhookDelivery) {
        status = d.status.rawValue
        attempts = d.attempts
        nextAttemptAt = d.nextAttemptAt
        lastAttemptAt = d.lastAttemptAt
        lastStatusCode = d.lastStatusCode
        lastError = d.lastError
        deliveredAt = d.deliveredAt
    }

    var domain: WebhookDelivery {
        WebhookDelivery(
            id: .init(id!), subscriptionID: .init(subscriptionID), teamID: .init(teamID),
            event: OutboundEvent(rawValue: event) ?? .debriefOpened, eventKey: eventKey, body: body,
            status: DeliveryStatus(rawValue: status) ?? .pending, attempts: attempts, nextAttemptAt: nextAttemptAt,
            lastAttemptAt: lastAttemptAt, lastStatusCode: lastStatusCode, lastError: lastError, deliveredAt: deliveredAt,
            createdAt: createdAt)
    }
}
