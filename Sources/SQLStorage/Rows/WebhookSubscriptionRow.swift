import Domain
import Foundation

/// An outbound webhook subscription. `events` is a text array on PostgreSQL and JSON text on SQLite.
/// An event, format or status the code no longer knows is read leniently, as before.
struct WebhookSubscriptionRow: TableRow {
    static let table = "webhook_subscriptions"

    var id: UUID
    var teamID: UUID
    var url: String
    var events: [String]
    var format: String
    var secret: String
    var createdByID: UUID
    var createdAt: Date
    var scannedUntil: Date

    enum CodingKeys: String, CodingKey {
        case id, url, events, format, secret
        case teamID = "team_id", createdByID = "created_by_id", createdAt = "created_at", scannedUntil = "scanned_until"
    }

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

    func domain() -> WebhookSubscription {
        WebhookSubscription(
            id: .init(id), teamID: .init(teamID), url: url, events: events.compactMap(OutboundEvent.init(rawValue:)),
            format: WebhookFormat(rawValue: format) ?? .rebound, secret: secret, createdByID: .init(createdByID),
            createdAt: createdAt, scannedUntil: scannedUntil)
    }
}
