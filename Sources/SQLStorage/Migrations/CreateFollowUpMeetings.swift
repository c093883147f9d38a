import FluentKit
import SQLKit

/// The next follow-up meeting of each account: one row per account.
struct CreateFollowUpMeetings: AsyncMigration {
    var name: String { "CreateFollowUpMeetings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("follow_up_meetings")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("owner_id", .uuid, .required)
            .field("starts_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "account_id")
            .create()
        try await database.sql().create(index: "follow_up_meetings_team_starts_idx").on("follow_up_meetings").column("team_id").column("starts_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("follow_up_meetings").delete()
    }
}
