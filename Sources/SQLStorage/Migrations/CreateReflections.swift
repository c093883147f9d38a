import FluentKit
import SQLKit

struct CreateReflections: AsyncMigration {
    var name: String { "CreateReflections" }

    func prepare(on database: any Database) async throws {
        try await database.schema("reflections")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("interaction_id", .uuid, .required, .references("interactions", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("members", "id"))
            .field("outcome", .string, .required)
            .field("status", .string, .required)
            .field("due_at", .datetime, .required)
            .field("time_box_minutes", .int, .required)
            .field("deferred_at", .datetime)
            .field("shared_at", .datetime)
            .field("started_at", .datetime)
            .field("completed_at", .datetime)
            .field("skipped_at", .datetime)
            .field("what_went_well", .string)
            .field("what_to_improve", .string)
            .field("wording_to_change", .string)
            .field("preparation", .string)
            .field("missing_information", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "interaction_id")
            .create()
        // The rep's queue: my pending reflections by due time.
        try await database.sql().create(index: "reflections_queue_idx").on("reflections")
            .column("author_id").column("status").column("due_at").run()
        try await database.sql().create(index: "reflections_team_created_idx").on("reflections")
            .column("team_id").column("created_at").run()
        // Insights count by due and completion time.
        try await database.sql().create(index: "reflections_team_due_idx").on("reflections").column("team_id").column("due_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reflections").delete()
    }
}

struct CreateReflectionRevisions: AsyncMigration {
    var name: String { "CreateReflectionRevisions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("reflection_revisions")
            .id()
            .field("reflection_id", .uuid, .required, .references("reflections", "id", onDelete: .cascade))
            .field("edited_by", .uuid, .required, .references("members", "id"))
            .field("edited_at", .datetime, .required)
            .field("what_went_well", .string)
            .field("what_to_improve", .string)
            .field("wording_to_change", .string)
            .field("preparation", .string)
            .field("missing_information", .string)
            .create()
        try await database.sql().create(index: "reflection_revisions_reflection_idx").on("reflection_revisions")
            .column("reflection_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reflection_revisions").delete()
    }
}

struct CreateQuestions: AsyncMigration {
    var name: String { "CreateQuestions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("questions")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("reflection_id", .uuid, .references("reflections", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .references("debriefs", "id", onDelete: .cascade))
            .field("account_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("in_library", .bool, .required)
            .field("asked_by_id", .uuid, .required, .references("members", "id"))
            .field("text", .string, .required)
            .field("topic", .string)
            .field("status", .string, .required)
            .field("answer", .string)
            .field("answered_by_id", .uuid, .references("members", "id"))
            .field("closed_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "questions_reflection_idx").on("questions").column("reflection_id").run()
        try await database.sql().create(index: "questions_team_status_idx").on("questions").column("team_id").column("status").run()
        try await database.sql().create(index: "questions_account_idx").on("questions").column("account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("questions").delete()
    }
}

/// Every schema change, in order. New changes are appended, never edited in place.
