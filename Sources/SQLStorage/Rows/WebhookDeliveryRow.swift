import Domain
import Foundation

/// One queued or sent outbound webhook delivery (unique per subscription and event key).
struct WebhookDeliveryRow: TableRow {
    static let table = "webhook_deliveries"

    var id: UUID
    var subscriptionID: UUID
    var teamID: UUID
    var event: String
    var eventKey: String
    var body: String
    var status: String
    var attempts: Int
    var nextAttemptAt: Date
    var lastAttemptAt: Date?
    var lastStatusCode: Int?
    var lastError: String?
    var deliveredAt: Date?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, event, body, status, attempts
        case subscriptionID = "subscription_id", teamID = "team_id", eventKey = "event_key", nextAttemptAt = "next_attempt_at"
        case lastAttemptAt = "last_attempt_at", lastStatusCode = "last_status_code", lastError = "last_error"
        case deliveredAt = "delivered_at", createdAt = "created_at"
    }

    /// The columns a delivery attempt changes; the rest are written once, when it is queued.
    static let attemptColumns: [CodingKeys] = [.status, .attempts, .nextAttemptAt, .lastAttemptAt, .lastStatusCode, .lastError, .deliveredAt]

    init(_ d: WebhookDelivery) {
        id = d.id.rawValue
        subscriptionID = d.subscriptionID.rawValue
        teamID = d.teamID.rawValue
        event = d.event.rawValue
        eventKey = d.eventKey
        body = d.body
        status = d.status.rawValue
        attempts = d.attempts
        nextAttemptAt = d.nextAttemptAt
        lastAttemptAt = d.lastAttemptAt
        lastStatusCode = d.lastStatusCode
        lastError = d.lastError
        deliveredAt = d.deliveredAt
        createdAt = d.createdAt
    }

    func domain() -> WebhookDelivery {
        WebhookDelivery(
            id: .init(id), subscriptionID: .init(subscriptionID), teamID: .init(teamID),
            event: OutboundEvent(rawValue: event) ?? .debriefOpened, eventKey: eventKey, body: body,
            status: DeliveryStatus(rawValue: status) ?? .pending, attempts: attempts, nextAttemptAt: nextAttemptAt,
            lastAttemptAt: lastAttemptAt, lastStatusCode: lastStatusCode, lastError: lastError, deliveredAt: deliveredAt,
            createdAt: createdAt)
    }
}
