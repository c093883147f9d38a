import FluentKit
import SQLKit

/// Insights at a constant cost: the counts kept by triggers (see `InsightCounts`), filled from the rows
/// already stored, and two partial indexes for what is read from rows: the period's follow-ups (the
/// questions answered before them) and the library's open questions.
struct CreateInsightCounts: AsyncMigration {
    var name: String { "CreateInsightCounts" }

    static let indexes = [
        ("interactions_follow_ups_idx", "CREATE INDEX interactions_follow_ups_idx ON interactions (team_id, occurred_at) WHERE follow_up_of_interaction_id IS NOT NULL"),
        ("questions_open_library_idx", "CREATE INDEX questions_open_library_idx ON questions (team_id) WHERE in_library AND status = 'open'"),
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
