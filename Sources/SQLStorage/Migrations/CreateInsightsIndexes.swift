import FluentKit
import SQLKit

/// Covering indexes for the insights queries, so each reads an index range instead of every row of
/// the period (measured in docs/BENCHMARKS.md). Partial where the rows that count are few.
struct CreateInsightsIndexes: AsyncMigration {
    var name: String { "CreateInsightsIndexes" }

    static let statements = [
        ("reflections_insights_idx", "CREATE INDEX reflections_insights_idx ON reflections (team_id, due_at, status, completed_at)"),
        ("reflections_completed_idx", "CREATE INDEX reflections_completed_idx ON reflections (team_id, completed_at) WHERE completed_at IS NOT NULL"),
        ("interactions_bad_idx", "CREATE INDEX interactions_bad_idx ON interactions (team_id, occurred_at) WHERE outcome = 'bad'"),
        ("interactions_recovery_idx", "CREATE INDEX interactions_recovery_idx ON interactions (team_id, occurred_at, recovery) WHERE recovery IS NOT NULL"),
        ("deals_failed_idx", "CREATE INDEX deals_failed_idx ON deals (team_id, failed_at, lost_reason) WHERE failed_at IS NOT NULL"),
        ("questions_team_created_idx", "CREATE INDEX questions_team_created_idx ON questions (team_id, created_at, topic)"),
    ]

    func prepare(on database: any Database) async throws {
        for (_, statement) in Self.statements { try await database.sql().raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.statements { try await database.sql().drop(index: name).run() }
    }
}
