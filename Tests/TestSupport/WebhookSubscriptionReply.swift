import Foundation

// Outbound webhooks: subscriptions, their delivery log, and what a subscriber receives (see Replies.swift).

/// `WebhookSubscription`; never carries the secret.
public struct WebhookSubscriptionReply: Decodable, Sendable {
    public let id: String
    public let url: String
    public let events: [String]
    public let format: String
    public let createdAt: String
}

/// `WebhookSubscriptionCreated`: the subscription and its secret, shown this once.
public struct SubscribedReply: Decodable, Sendable {
    public let subscription: WebhookSubscriptionReply
    public let secret: String
}

/// `WebhookDelivery`: one event's delivery to one subscription, as the log shows it.
public struct DeliveryReply: Decodable, Sendable {
    public let id: String
    public let event: String
    public let eventKey: String
    public let status: String
    public let attempts: Int
    public let nextAttemptAt: String?
    public let lastAttemptAt: String?
    public let lastStatusCode: Int?
    public let lastError: String?
    public let deliveredAt: String?
    public let createdAt: String
    public let body: String
}

/// The body of a delivery in Rebound's format, as a subscriber receives it (not in components/schemas:
/// the document describes deliveries in prose). `data` holds the event's flat fields; only those tests
/// read are here.
public struct DeliveredEvent: Decodable, Sendable {
    public struct Fields: Decodable, Sendable {
        public let debriefId: String?
    }

    public let id: String
    public let event: String
    public let occurredAt: String
    public let teamId: String
    public let link: String
    public let data: Fields
}

/// The body of a delivery in Slack's format.
public struct SlackMessage: Decodable, Sendable {
    public let text: String
}
