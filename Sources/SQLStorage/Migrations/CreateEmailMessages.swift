import FluentKit
import SQLKit

/// The email outbox: one row per message, unique by team and key, with its attempts.
struct CreateEmailMessages: AsyncMigration {
    var name: String { "CreateEmailMessages" }

    func prepare(on database: any Database) async throws {
        try await database.schema("email_messages")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("member_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("to_address", .string, .required)
            .field("recipient_name", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("calendar_method", .string)
            .field("calendar", .string)
            .field("unsubscribe_token_hash", .string, .required)
            .field("unsubscribe_url", .string, .required)
            .field("subject_id", .uuid)
            .field("subject_at", .datetime)
            .field("sequence", .int, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_attempt_at", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "team_id", "key")
            .create()
        let sql = database.sql()
        try await sql.create(index: "email_messages_due_idx").on("email_messages").column("status").column("next_attempt_at").run()
        try await sql.create(index: "email_messages_log_idx").on("email_messages").column("team_id").column("created_at").run()
        try await sql.create(index: "email_messages_unsubscribe_idx").on("email_messages").column("unsubscribe_token_hash").run()
        try await sql.create(index: "email_messages_subject_idx").on("email_messages").column("subject_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("email_messages").delete()
    }
}

/// Each member's email preferences: the kinds they turned off and their quiet hours.
struct CreateEmailPreferences: AsyncMigration {
    var name: String { "CreateEmailPreferences" }

    func prepare(on database: any Database) async throws {
        try await database.schema("email_preferences")
            .field("id", .uuid, .identifier(auto: false), .references("members", "id", onDelete: .cascade))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("off", .array(of: .string), .required)
            .field("quiet_from", .int)
            .field("quiet_to", .int)
            .create()
        try await database.sql().create(index: "email_preferences_team_idx").on("email_preferences").column("team_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("email_preferences").delete()
    }
}
