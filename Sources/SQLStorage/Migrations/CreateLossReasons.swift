import FluentKit

/// Each team's list of loss reasons (none stored means the defaults), and how each distinct CRM loss
/// reason text maps onto it.
struct CreateLossReasons: AsyncMigration {
    var name: String { "CreateLossReasons" }

    func prepare(on database: any Database) async throws {
        try await database.schema("loss_reasons")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("label", .string, .required)
            .field("position", .int, .required)
            .unique(on: "team_id", "key")
            .create()
        try await database.schema("loss_reason_mappings")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("crm_reason", .string, .required)
            .field("reason_key", .string, .required)
            .field("confirmed", .bool, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "team_id", "crm_reason")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("loss_reason_mappings").delete()
        try await database.schema("loss_reasons").delete()
    }
}

/// The loss reason a debrief concluded after discussion, beside the CRM's.
struct UpdateDebriefsConcludedLossReason: AsyncMigration {
    var name: String { "UpdateDebriefsConcludedLossReason" }

    func prepare(on database: any Database) async throws {
        try await database.schema("debriefs").field("concluded_loss_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("debriefs").deleteField("concluded_loss_reason").update()
    }
}
