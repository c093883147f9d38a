import Foundation

/// A CRM webhook event already applied (unique per team and event id): a copy of the same event is
/// refused by the insert. No Domain type.
struct WebhookEventRow: TableRow {
    static let table = "webhook_events"

    var id: UUID
    var teamID: UUID
    var eventID: String
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case teamID = "team_id", eventID = "event_id", receivedAt = "received_at"
    }

    init(team: UUID, event: String, at: Date) {
        id = UUID()
        teamID = team
        eventID = event
        receivedAt = at
    }
}
