import FluentKit
import SQLKit

/// Outbound webhook subscriptions: a URL, the events it wants, its format and signing secret.
struct CreateWebhookSubscriptions: AsyncMigration {
    var name: String { "CreateWebhookSubscriptions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_subscriptions")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("url", .string, .required)
            .field("events", .array(of: .string), .required)
            .field("format", .string, .required)
            .field("secret", .string, .required)
            .field("created_by_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("scanned_until", .datetime, .required)
            .create()
        try await database.sql().create(index: "webhook_subscriptions_team_idx").on("webhook_subscriptions").column("team_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_subscriptions").delete()
    }
}

/// The delivery log: one row per event per subscriber, unique by event key, with its attempts.
struct CreateWebhookDeliveries: AsyncMigration {
    var name: String { "CreateWebhookDeliveries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_deliveries")
            .id()
            .field("subscription_id", .uuid, .required, .references("webhook_subscriptions", "id", onDelete: .cascade))
            .field("team_id", .uuid, .required)
            .field("event", .string, .required)
            .field("event_key", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_attempt_at", .datetime)
            .field("last_status_code", .int)
            .field("last_error", .string)
            .field("delivered_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "subscription_id", "event_key")
            .create()
        try await database.sql().create(index: "webhook_deliveries_due_idx").on("webhook_deliveries")
            .column("status").column("next_attempt_at").run()
        try await database.sql().create(index: "webhook_deliveries_log_idx").on("webhook_deliveries")
            .column("subscription_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").delete()
    }
}
