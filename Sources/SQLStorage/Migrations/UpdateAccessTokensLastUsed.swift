import FluentKit

/// When a session was last used, so that an idle session expires on the server.
struct UpdateAccessTokensLastUsed: AsyncMigration {
    var name: String { "UpdateAccessTokensLastUsed" }

    func prepare(on database: any Database) async throws {
        try await database.schema("access_tokens").field("last_used_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("access_tokens").deleteField("last_used_at").update()
    }
}
