import FluentKit

/// A team's time zone (an IANA name); null means `TimeZones.standard`.
struct UpdateTeamsTimeZone: AsyncMigration {
    var name: String { "UpdateTeamsTimeZone" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams").field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("teams").deleteField("time_zone").update()
    }
}
