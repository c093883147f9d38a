import FluentKit
import SQLKit

/// PostgreSQL: a team's search documents newest first, so a search for a common word can walk the
/// newest documents and stop once it has its window of matches instead of collecting every match.
/// SQLite's FTS5 index walks its matches newest first by itself.
struct UpdateSearchDocumentsRecentIndex: AsyncMigration {
    var name: String { "UpdateSearchDocumentsRecentIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("CREATE INDEX search_documents_recent_idx ON search_documents (team_id, updated_at DESC)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP INDEX IF EXISTS search_documents_recent_idx").run()
    }
}
