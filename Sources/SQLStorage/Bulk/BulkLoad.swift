import FluentKit
import Foundation
import SQLKit

/// How SQLite loads a large new data set (`rebound generate`, a million interactions): everything
/// it costs only in the loading transaction, and durable once it has committed. On its connection,
/// while the load runs:
/// - no sync at commit (`synchronous = OFF`) and no automatic checkpoint (which would copy the unsynced
///   WAL into the database file); a checkpoint at the end, with the connection's `synchronous` back,
///   syncs the WAL, copies it and syncs the database file, so the data is durable when the load returns.
///   A crash before then loses the data set, never older data: until that checkpoint only the WAL has
///   changed, and recovery discards WAL frames whose checksums do not hold;
/// - a 1 GiB page cache (the random-UUID unique indexes of a million rows do not fit in 64 MiB, and
///   the load spent its time evicting and re-reading their pages);
/// - temporary data in memory: every multi-row INSERT keeps a statement journal, which in a temporary
///   file was opened, written and deleted once per statement (a third of the time);
/// - foreign keys not enforced (each row looked up two to six parents by random UUID); the loader
///   writes parents before children by construction, and the tests check the result with
///   `PRAGMA foreign_key_check`;
/// - the plain (non-unique) indexes of the tables it fills are dropped inside the transaction and
///   created again before it commits: one sort per index instead of a random B-tree insert per row
///   and index. Other connections never see the tables without them. Unique indexes stay;
/// - the insights' count triggers (`InsightCounts`) are dropped the same way, and the new teams' counts
///   are taken from their rows once at the end instead of a log row per written row, folded later. A load adds new teams only; one that wrote into a team that was
///   already there fails and changes nothing, since that team's counts would be wrong.
struct BulkLoad {
    let connection: any SQLDatabase
    private let saved: [(pragma: String, value: String)]
    private static let settings = [
        ("synchronous", "OFF"), ("wal_autocheckpoint", "0"), ("cache_size", "-1048576"), ("temp_store", "MEMORY"), ("foreign_keys", "OFF"),
    ]

    init(connection: any SQLDatabase) async throws {
        self.connection = connection
        var saved: [(String, String)] = []
        for (pragma, _) in Self.settings {
            let row = try await connection.raw("PRAGMA \(unsafeRaw: pragma)").first()
            saved.append((pragma, String(try row?.decode(column: pragma, as: Int.self) ?? 0)))
        }
        self.saved = saved
    }

    /// Outside the transaction: `foreign_keys` and `synchronous` cannot change inside one.
    func begin() async throws {
        for (pragma, value) in Self.settings { try await connection.raw("PRAGMA \(unsafeRaw: pragma) = \(unsafeRaw: value)").run() }
    }

    func end(committed: Bool) async throws {
        for (pragma, value) in saved { try await connection.raw("PRAGMA \(unsafeRaw: pragma) = \(unsafeRaw: value)").run() }
        if committed { _ = try await connection.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
    }

    /// The statements that create the tables' plain indexes, as the migrations wrote them.
    func dropIndexes(of tables: [String], on tx: any SQLDatabase) async throws -> [String] {
        let rows = try await tx.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            AND tbl_name IN (\(binds: tables))
            """).all()
        var statements: [String] = []
        for row in rows {
            try await tx.raw("DROP INDEX \(ident: try row.decode(column: "name", as: String.self))").run()
            statements.append(try row.decode(column: "sql", as: String.self))
        }
        return statements
    }

    func create(_ indexes: [String], on tx: any SQLDatabase) async throws {
        for statement in indexes { try await tx.raw(SQLQueryString(statement)).run() }
    }

    /// Where the load's new rows begin: the last team and the last row of each counted table before it.
    struct Start {
        let team: Int
        let rows: [String: Int]
    }

    func pauseInsightCounts(on tx: any SQLDatabase) async throws -> Start {
        func lastRowid(_ table: String) async throws -> Int {
            try await tx.raw("SELECT COALESCE(MAX(rowid), 0) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        var rows: [String: Int] = [:]
        for table in InsightCounts.triggerTables { rows[table] = try await lastRowid(table) }
        let start = Start(team: try await lastRowid("teams"), rows: rows)
        for trigger in InsightCounts.sqliteTriggerNames { try await tx.raw("DROP TRIGGER \(ident: trigger)").run() }
        return start
    }

    func resumeInsightCounts(after start: Start, on tx: any SQLDatabase) async throws {
        let newTeams = "x.team_id IN (SELECT id FROM teams WHERE rowid > \(start.team))"
        for (table, rowid) in start.rows {
            let stray = try await tx.raw("""
                SELECT 1 AS found FROM \(ident: table) WHERE rowid > \(bind: rowid) AND team_id NOT IN (SELECT id FROM teams WHERE rowid > \(bind: start.team)) LIMIT 1
                """).first()
            guard stray == nil else { throw BulkLoadError("a bulk load writes new teams only; it wrote \(table) of a team that was already there") }
        }
        for statement in InsightCounts.sqliteTriggerStatements { try await tx.raw(SQLQueryString(statement)).run() }
        try await tx.raw(SQLQueryString(InsightCounts.backfill(sqlite: true, scope: newTeams))).run()
    }
}

struct BulkLoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
