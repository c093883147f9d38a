import FluentKit

/// A per-team secret for signed CRM webhooks, and the event ids already processed (replay protection).
struct UpdateTeamsWebhooks: AsyncMigration {
    var name: String { "UpdateTeamsWebhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams").field("webhook_secret", .string).update()
        try await database.schema("webhook_events")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("event_id", .string, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "team_id", "event_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_events").delete()
        try await database.schema("teams").deleteField("webhook_secret").update()
    }
}
