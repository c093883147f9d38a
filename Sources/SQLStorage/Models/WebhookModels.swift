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
