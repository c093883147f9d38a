import FluentKit
import SQLKit

/// Whether a team's due times skip weekends (in its zone); off for every team until an admin turns it on.
struct UpdateTeamsSkipWeekends: AsyncMigration {
    var name: String { "UpdateTeamsSkipWeekends" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams").field("skip_weekends", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("teams").deleteField("skip_weekends").update()
    }
}
