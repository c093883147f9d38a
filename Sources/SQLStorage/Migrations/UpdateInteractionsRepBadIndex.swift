import FluentKit
import SQLKit

/// A rep's bad calls, newest first: the home page lists those still waiting for a follow-up. Through
/// the team's bad calls it read the whole team's month, which grows with the team.
struct UpdateInteractionsRepBadIndex: AsyncMigration {
    var name: String { "UpdateInteractionsRepBadIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql().raw("CREATE INDEX interactions_rep_bad_idx ON interactions (rep_id, occurred_at) WHERE outcome = 'bad'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP INDEX IF EXISTS interactions_rep_bad_idx").run()
    }
}
