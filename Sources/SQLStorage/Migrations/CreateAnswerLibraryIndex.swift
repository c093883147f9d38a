import FluentKit
import SQLKit

/// A full-text index of answered questions only, for "similar answers". The general search index mixes
/// every kind of text, so finding the few answered questions among a common word's matches meant
/// ranking the whole corpus; this one holds the answer library alone, and on SQLite carries the team as
/// a token so a team's newest matches are found without walking other teams'.
struct CreateAnswerLibraryIndex: AsyncMigration {
    var name: String { "CreateAnswerLibraryIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        if sql.dialect.name == "sqlite" {
            // The team token is `t` and the hex of the stored id; the lookup builds it the same way in SQL.
            func values(_ row: String) -> String {
                "\(row).rowid, 't' || hex(\(row).team_id), \(row).text"
            }
            let statements = [
                // Contentless: the questions table holds the text; the index needs only the tokens.
                "CREATE VIRTUAL TABLE answer_library_fts USING fts5(team, text, content='', tokenize='porter unicode61 remove_diacritics 2')",
                """
                CREATE TRIGGER answer_library_ai AFTER INSERT ON questions WHEN new.status = 'answered' BEGIN
                  INSERT INTO answer_library_fts(rowid, team, text) VALUES (\(values("new")));
                END
                """,
                """
                CREATE TRIGGER answer_library_ad AFTER DELETE ON questions WHEN old.status = 'answered' BEGIN
                  INSERT INTO answer_library_fts(answer_library_fts, rowid, team, text) VALUES ('delete', \(values("old")));
                END
                """,
                """
                CREATE TRIGGER answer_library_au_old AFTER UPDATE ON questions WHEN old.status = 'answered' BEGIN
                  INSERT INTO answer_library_fts(answer_library_fts, rowid, team, text) VALUES ('delete', \(values("old")));
                END
                """,
                """
                CREATE TRIGGER answer_library_au_new AFTER UPDATE ON questions WHEN new.status = 'answered' BEGIN
                  INSERT INTO answer_library_fts(rowid, team, text) VALUES (\(values("new")));
                END
                """,
                "INSERT INTO answer_library_fts(rowid, team, text) SELECT \(values("questions")) FROM questions WHERE status = 'answered'",
            ]
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        } else {
            try await sql.raw("""
                ALTER TABLE questions ADD COLUMN answer_tsv tsvector GENERATED ALWAYS AS (
                  CASE WHEN status = 'answered' THEN to_tsvector('english', text) END
                ) STORED
                """).run()
            try await sql.raw("CREATE INDEX questions_answer_tsv_idx ON questions USING GIN (answer_tsv) WHERE status = 'answered'").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        if sql.dialect.name == "sqlite" {
            for trigger in ["answer_library_ai", "answer_library_ad", "answer_library_au_old", "answer_library_au_new"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(trigger)")).run()
            }
            try await sql.raw("DROP TABLE IF EXISTS answer_library_fts").run()
        } else {
            try await sql.raw("DROP INDEX IF EXISTS questions_answer_tsv_idx").run()
            try await sql.raw("ALTER TABLE questions DROP COLUMN IF EXISTS answer_tsv").run()
        }
    }
}
