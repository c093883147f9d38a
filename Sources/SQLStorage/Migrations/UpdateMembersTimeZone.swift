import FluentKit

/// A member's own time zone (an IANA name); null follows the team's.
struct UpdateMembersTimeZone: AsyncMigration {
    var name: String { "UpdateMembersTimeZone" }

    func prepare(on database: any Database) async throws {
        try await database.schema("members").field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("members").deleteField("time_zone").update()
    }
}
