import FluentKit
import SQLKit

/// SQLite: a second FTS5 index over the kinds of text that are few (lessons, debriefs, timelines,
/// perspectives). The brief's "similar lessons" search otherwise ranked every matching reflection
/// only to keep the lessons; at a million interactions that was most of a request's time.
/// PostgreSQL filters by kind inside its GIN query and needs nothing.
struct CreateSearchFewKinds: AsyncMigration {
    var name: String { "CreateSearchFewKinds" }
    static let kinds = "('lesson', 'debrief', 'timeline', 'perspective')"

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        let statements = [
            """
            CREATE VIRTUAL TABLE search_fts_few USING fts5(title, body, content='search_documents', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2')
            """,
            """
            CREATE TRIGGER search_few_ai AFTER INSERT ON search_documents WHEN new.kind IN \(Self.kinds) BEGIN
              INSERT INTO search_fts_few(rowid, title, body) VALUES (new.rowid, new.title, new.body);
            END
            """,
            """
            CREATE TRIGGER search_few_ad AFTER DELETE ON search_documents WHEN old.kind IN \(Self.kinds) BEGIN
              INSERT INTO search_fts_few(search_fts_few, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
            END
            """,
            """
            CREATE TRIGGER search_few_au_old AFTER UPDATE ON search_documents WHEN old.kind IN \(Self.kinds) BEGIN
              INSERT INTO search_fts_few(search_fts_few, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
            END
            """,
            """
            CREATE TRIGGER search_few_au_new AFTER UPDATE ON search_documents WHEN new.kind IN \(Self.kinds) BEGIN
              INSERT INTO search_fts_few(rowid, title, body) VALUES (new.rowid, new.title, new.body);
            END
            """,
            "INSERT INTO search_fts_few(rowid, title, body) SELECT rowid, title, body FROM search_documents WHERE kind IN \(Self.kinds)",
        ]
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        for trigger in ["search_few_ai", "search_few_ad", "search_few_au_old", "search_few_au_new"] {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(trigger)")).run()
        }
        try await sql.raw("DROP TABLE IF EXISTS search_fts_few").run()
    }
}
