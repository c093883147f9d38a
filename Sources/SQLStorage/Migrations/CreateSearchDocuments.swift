import FluentKit
import SQLKit

/// One row per searchable text, kept in step by the repositories in the same transaction as the
/// text itself. Full-text search is SQLite FTS5 on SQLite and a tsvector with a GIN index on PostgreSQL.
struct CreateSearchDocuments: AsyncMigration {
    var name: String { "CreateSearchDocuments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("search_documents")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("ref_id", .uuid, .required)
            .field("private_to", .uuid)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("account_id", .uuid)
            .field("debrief_id", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "kind", "ref_id")
            .create()
        let sql = database.sql()
        try await sql.create(index: "search_documents_team_idx").on("search_documents").column("team_id").column("kind").run()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', content_rowid='rowid',
                tokenize='porter unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
                  INSERT INTO search_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
                  INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
                  INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
                  INSERT INTO search_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
                END
                """).run()
        } else {
            try await sql.raw("""
                ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')
                ) STORED
                """).run()
            try await sql.raw("CREATE INDEX search_documents_tsv_idx ON search_documents USING GIN (tsv)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE IF EXISTS search_fts").run()
        }
        try await database.schema("search_documents").delete()
    }
}
