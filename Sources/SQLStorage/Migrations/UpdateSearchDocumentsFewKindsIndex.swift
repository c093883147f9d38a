import FluentKit
import SQLKit

/// PostgreSQL's twin of CreateSearchFewKinds: a partial GIN index over the few kinds, so a search
/// for lessons alone (the brief) does not collect every matching reflection first.
struct UpdateSearchDocumentsFewKindsIndex: AsyncMigration {
    var name: String { "UpdateSearchDocumentsFewKindsIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw(
            SQLQueryString("CREATE INDEX search_documents_few_tsv_idx ON search_documents USING GIN (tsv) WHERE kind IN \(CreateSearchFewKinds.kinds)")
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP INDEX IF EXISTS search_documents_few_tsv_idx").run()
    }
}
