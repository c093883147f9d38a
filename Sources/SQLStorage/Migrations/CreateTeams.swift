import FluentKit
import SQLKit

// Each migration names itself, so renaming the module never re-runs it.

struct CreateTeams: AsyncMigration {
    var name: String { "CreateTeams" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams")
            .id()
            .field("name", .string, .required)
            .field("time_box_minutes", .int, .required)
            .field("bad_time_box_minutes", .int, .required)
            .field("reflection_due_minutes", .int, .required)
            .field("cool_off_hours", .int, .required)
            .field("debrief_due_hours", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("teams").delete()
    }
}

struct CreateMembers: AsyncMigration {
    var name: String { "CreateMembers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("members")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("expertise", .array(of: .string), .required)
            .field("active", .bool, .required)
            .field("password_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "email")
            .create()
        try await database.sql().create(index: "members_team_idx").on("members").column("team_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("members").delete()
    }
}

struct CreateAccessTokens: AsyncMigration {
    var name: String { "CreateAccessTokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("access_tokens")
            .id()
            .field("member_id", .uuid, .required, .references("members", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.sql().create(index: "access_tokens_member_idx").on("access_tokens").column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("access_tokens").delete()
    }
}

extension Database {
    /// Fluent's schema builder has no indexes; SQLKit does. Both drivers are SQL databases.
    func sql() -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { fatalError("Rebound's drivers are all SQL databases") }
        return sql
    }
}
