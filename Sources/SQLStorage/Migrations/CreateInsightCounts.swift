import FluentKit
import SQLKit

/// Insights at a constant cost: the counts kept by triggers (see `InsightCounts`), filled from the rows
/// already stored, and partial indexes for what is still read from rows: the period's follow-ups (the
/// questions answered before them), its completed debriefs (a median), and the library's questions by
/// status (a covering count of the open ones).
struct CreateInsightCounts: AsyncMigration {
    var name: String { "CreateInsightCounts" }

    static let indexes = [
        ("interactions_follow_ups_idx", "CREATE INDEX interactions_follow_ups_idx ON interactions (team_id, occurred_at) WHERE follow_up_of_interaction_id IS NOT NULL"),
        ("debriefs_completed_idx", "CREATE INDEX debriefs_completed_idx ON debriefs (team_id, completed_at) WHERE completed_at IS NOT NULL"),
        ("questions_library_status_idx", "CREATE INDEX questions_library_status_idx ON questions (team_id, status) WHERE in_library"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        for statement in InsightCounts.createStatements(sqlite: sql.dialect.name == "sqlite") + Self.indexes.map(\.1) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        for statement in InsightCounts.dropStatements(sqlite: sql.dialect.name == "sqlite") + Self.indexes.map({ "DROP INDEX IF EXISTS \($0.0)" }) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
