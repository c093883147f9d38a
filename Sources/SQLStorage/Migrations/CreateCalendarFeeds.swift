import FluentKit

/// The secret behind each member's calendar feed URL, stored only as a SHA-256.
struct CreateCalendarFeeds: AsyncMigration {
    var name: String { "CreateCalendarFeeds" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("member_id", .uuid, .required, .references("members", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "member_id")
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
    }
}
