import FluentKit
import SQLKit

struct CreateAccounts: AsyncMigration {
    var name: String { "CreateAccounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("industry", .string)
            .field("segment", .string)
            .field("crm_id", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "team_id", "crm_id")
            .create()
        try await database.sql().create(index: "accounts_team_name_idx").on("accounts").column("team_id").column("name").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").delete()
    }
}

struct CreateDeals: AsyncMigration {
    var name: String { "CreateDeals" }

    func prepare(on database: any Database) async throws {
        try await database.schema("deals")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("amount_minor", .int64)
            .field("currency", .string)
            .field("status", .string, .required)
            .field("lost_reason", .string)
            .field("close_date", .datetime)
            .field("crm_id", .string)
            .field("owner_id", .uuid, .references("members", "id", onDelete: .setNull))
            .field("failed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "team_id", "crm_id")
            .create()
        try await database.sql().create(index: "deals_team_created_idx").on("deals").column("team_id").column("created_at").run()
        try await database.sql().create(index: "deals_account_idx").on("deals").column("account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deals").delete()
    }
}

struct CreateInteractions: AsyncMigration {
    var name: String { "CreateInteractions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("interactions")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("deal_id", .uuid, .references("deals", "id", onDelete: .setNull))
            .field("rep_id", .uuid, .required, .references("members", "id"))
            .field("kind", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("participants", .array(of: .string), .required)
            .field("outcome", .string, .required)
            .field("summary", .string)
            .field("follow_up_of_interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull))
            .field("follow_up_of_deal_id", .uuid, .references("deals", "id", onDelete: .setNull))
            .field("recovery", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "interactions_team_occurred_idx").on("interactions")
            .column("team_id").column("occurred_at").run()
        try await database.sql().create(index: "interactions_account_idx").on("interactions").column("account_id").run()
        // Follow-ups of a failure: the account history, the home page and insights look them up.
        try await database.sql().create(index: "interactions_follow_up_idx").on("interactions").column("follow_up_of_interaction_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("interactions").delete()
    }
}
