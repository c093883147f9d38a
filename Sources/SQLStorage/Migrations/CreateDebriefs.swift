import FluentKit
import SQLKit

struct CreateDebriefs: AsyncMigration {
    var name: String { "CreateDebriefs" }

    func prepare(on database: any Database) async throws {
        try await database.schema("debriefs")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("deal_id", .uuid, .references("deals", "id", onDelete: .cascade))
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .cascade))
            .field("account_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("event_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("facilitator_id", .uuid, .required, .references("members", "id"))
            .field("status", .string, .required)
            .field("scheduled_for", .datetime)
            .field("started_at", .datetime)
            .field("completed_at", .datetime)
            .field("summary", .string)
            .field("parked_ideas", .string)
            .field("soak_revisit_at", .datetime)
            .field("revisited_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            // One debrief per failure event.
            .unique(on: "deal_id")
            .unique(on: "interaction_id")
            .create()
        try await database.sql().create(index: "debriefs_team_due_idx").on("debriefs").column("team_id").column("due_at").run()
        try await database.schema("debrief_participants")
            .id()
            .field("debrief_id", .uuid, .required, .references("debriefs", "id", onDelete: .cascade))
            .field("member_id", .uuid, .required, .references("members", "id"))
            .field("position", .int, .required)
            .unique(on: "debrief_id", "member_id")
            .create()
        try await database.sql().create(index: "debrief_participants_member_idx").on("debrief_participants").column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("debrief_participants").delete()
        try await database.schema("debriefs").delete()
    }
}

struct CreatePerspectives: AsyncMigration {
    var name: String { "CreatePerspectives" }

    func prepare(on database: any Database) async throws {
        try await database.schema("perspectives")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .required, .references("debriefs", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("members", "id"))
            .field("area", .string, .required)
            .field("text", .string, .required)
            .field("submitted_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "debrief_id", "author_id", "area")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("perspectives").delete()
    }
}

struct CreateTimelineEntries: AsyncMigration {
    var name: String { "CreateTimelineEntries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("timeline_entries")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .required, .references("debriefs", "id", onDelete: .cascade))
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("description", .string, .required)
            .field("source", .string, .required)
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull))
            .field("created_by_id", .uuid, .required, .references("members", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "timeline_entries_debrief_idx").on("timeline_entries")
            .column("debrief_id").column("occurred_at").run()
        try await database.schema("timeline_revisions")
            .id()
            .field("entry_id", .uuid, .required, .references("timeline_entries", "id", onDelete: .cascade))
            .field("edited_by", .uuid, .required, .references("members", "id"))
            .field("edited_at", .datetime, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("description", .string, .required)
            .field("source", .string, .required)
            .create()
        try await database.sql().create(index: "timeline_revisions_entry_idx").on("timeline_revisions").column("entry_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("timeline_revisions").delete()
        try await database.schema("timeline_entries").delete()
    }
}

struct CreateLessonsAndActions: AsyncMigration {
    var name: String { "CreateLessonsAndActions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("lessons")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .references("debriefs", "id", onDelete: .setNull))
            .field("text", .string, .required)
            .field("tags", .array(of: .string), .required)
            .field("tag_index", .string, .required)
            .field("author_id", .uuid, .required, .references("members", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "lessons_team_created_idx").on("lessons").column("team_id").column("created_at").run()
        try await database.schema("action_items")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .references("debriefs", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("owner_id", .uuid, .required, .references("members", "id"))
            .field("due_date", .datetime, .required)
            .field("status", .string, .required)
            .field("closed_at", .datetime)
            .field("created_by_id", .uuid, .required, .references("members", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "action_items_team_due_idx").on("action_items").column("team_id").column("due_date").run()
        try await database.schema("pulse_responses")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("debrief_id", .uuid, .required, .references("debriefs", "id", onDelete: .cascade))
            .field("member_id", .uuid, .required, .references("members", "id"))
            .field("learned_something", .bool, .required)
            .field("would_attend_again", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "debrief_id", "member_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pulse_responses").delete()
        try await database.schema("action_items").delete()
        try await database.schema("lessons").delete()
    }
}
