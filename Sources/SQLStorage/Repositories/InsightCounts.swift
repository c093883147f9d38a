import Foundation
import SQLKit

/// The insights' counts, kept per team and UTC hour as rows are written, so a period's figures are a
/// sum over its hours instead of a walk over every row of the period (a million interactions took
/// about a second; docs/BENCHMARKS.md).
///
/// Database triggers keep them, so no write path can forget to: the API, imports, `generate`,
/// `restore` and any SQL an operator runs. Each counted row adds one to every count it belongs to, and
/// an update or delete takes back what the old row added.
/// - SQLite: row triggers add to `insight_counts` directly; SQLite has one writer at a time anyway.
/// - PostgreSQL: statement triggers append the statement's changes, summed, to `insight_count_deltas`.
///   Writers only insert, so concurrent writes never wait for one another on a hot count and can never
///   deadlock on one. A read sums both tables, and first folds the team's deltas into the counts.
///
/// A period's whole hours come from the counts; the part hours at its two ends are counted from the
/// rows, through the same definitions, so the result is exact for any `from` and `to`.
/// Changing a definition means a migration that drops and recreates the triggers and the counts.
enum InsightCounts {
    struct Definition {
        let metric: String
        /// The label column (`recovery`, `lost_reason`, `topic`); the empty string when there is none.
        let label: String?
        let time: String
        /// Columns written as `$.column`, so one text serves SQLite's `new.`/`old.` and PostgreSQL's aliases.
        let condition: String
    }

    struct Source {
        let table: String
        /// Columns whose change can move a row between counts (the update trigger's filter on SQLite).
        let columns: [String]
        let definitions: [Definition]
    }

    static let sources: [Source] = [
        Source(table: "reflections", columns: ["team_id", "status", "due_at", "completed_at"], definitions: [
            Definition(metric: "due", label: nil, time: "due_at", condition: "$.status <> 'skipped'"),
            Definition(metric: "completed", label: nil, time: "due_at", condition: "$.status = 'completed'"),
            Definition(metric: "on_time", label: nil, time: "due_at", condition: "$.status = 'completed' AND $.completed_at <= $.due_at"),
            Definition(metric: "completion", label: nil, time: "completed_at", condition: "$.completed_at IS NOT NULL"),
        ]),
        Source(table: "interactions", columns: ["team_id", "outcome", "occurred_at", "recovery"], definitions: [
            Definition(metric: "bad", label: nil, time: "occurred_at", condition: "$.outcome = 'bad'"),
            Definition(metric: "recovery", label: "recovery", time: "occurred_at", condition: "$.recovery IS NOT NULL"),
        ]),
        Source(table: "deals", columns: ["team_id", "failed_at", "lost_reason"], definitions: [
            Definition(metric: "lost", label: nil, time: "failed_at", condition: "$.failed_at IS NOT NULL"),
            Definition(metric: "lost_reason", label: "lost_reason", time: "failed_at", condition: "$.failed_at IS NOT NULL AND $.lost_reason IS NOT NULL"),
        ]),
        // Only the library's questions count: a question its rep kept private is as private as the
        // reflection it came from, and even its topic tells.
        Source(table: "questions", columns: ["team_id", "in_library", "topic", "created_at"], definitions: [
            Definition(metric: "topic", label: "topic", time: "created_at", condition: "$.in_library AND $.topic IS NOT NULL"),
        ]),
    ]

    static let secondsPerHour = 3600.0
    /// Hour 96 is Monday 1970-01-05 00:00 UTC, the start of ISO week 0. The offset of a million weeks
    /// keeps integer division a floor for any date after year 1.
    static func weekSQL(ofHour hour: String) -> String { "((\(hour) + 167999904) / 168 - 1000000)" }
    static func weekStart(_ week: Int) -> Date { Date(timeIntervalSince1970: Double(week) * 604_800 + 345_600) }

    /// The UTC hour of a stored date, rounded down (before 1970 too; SQLite has no FLOOR).
    static func hourSQL(_ column: String, sqlite: Bool) -> String {
        sqlite
            ? "(CAST(\(column) / 3600 AS INTEGER) - (\(column) < 0 AND CAST(\(column) / 3600 AS INTEGER) * 3600 <> \(column)))"
            : "CAST(FLOOR(EXTRACT(EPOCH FROM \(column)) / 3600) AS BIGINT)"
    }

    static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / secondsPerHour).rounded(.down)) }
    static func date(ofHour hour: Int) -> Date { Date(timeIntervalSince1970: Double(hour) * secondsPerHour) }

    /// One `SELECT team_id, metric, label, hour, n` per definition that `row` (an alias or `new`/`old`)
    /// meets, joined by UNION ALL. `from` is a FROM clause, or nil inside a SQLite row trigger.
    static func contributions(of source: Source, row: String, from: String?, sign: Int, sqlite: Bool) -> String {
        source.definitions.map { definition in
            let label = definition.label.map { "\(row).\($0)" } ?? "''"
            let time = "\(row).\(definition.time)"
            return "SELECT \(row).team_id AS team_id, '\(definition.metric)' AS metric, \(label) AS label, \(hourSQL(time, sqlite: sqlite)) AS hour, \(sign) AS n"
                + (from.map { " FROM \($0)" } ?? "") + " WHERE " + definition.condition.replacingOccurrences(of: "$.", with: "\(row).")
        }.joined(separator: " UNION ALL ")
    }

    // MARK: Schema

    static func createStatements(sqlite: Bool) -> [String] {
        var statements = [
            """
            CREATE TABLE insight_counts (team_id \(sqlite ? "TEXT" : "UUID") NOT NULL, hour BIGINT NOT NULL, metric TEXT NOT NULL,
              label TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (team_id, hour, metric, label))\(sqlite ? " WITHOUT ROWID" : "")
            """
        ]
        if sqlite {
            for source in sources { statements += sqliteTriggers(source) }
        } else {
            statements.append("CREATE TABLE insight_count_deltas (team_id UUID NOT NULL, hour BIGINT NOT NULL, metric TEXT NOT NULL, label TEXT NOT NULL, n BIGINT NOT NULL)")
            statements.append("CREATE INDEX insight_count_deltas_team_idx ON insight_count_deltas (team_id, hour)")
            for source in sources { statements += postgresTriggers(source) }
        }
        statements.append(backfill(sqlite: sqlite))
        return statements
    }

    static func dropStatements(sqlite: Bool) -> [String] {
        var statements: [String] = []
        for source in sources {
            if sqlite {
                for suffix in ["ai", "ad", "au"] { statements.append("DROP TRIGGER IF EXISTS insight_counts_\(source.table)_\(suffix)") }
            } else {
                for suffix in ["ai", "ad", "au"] { statements.append("DROP TRIGGER IF EXISTS insight_counts_\(source.table)_\(suffix) ON \(source.table)") }
                statements.append("DROP FUNCTION IF EXISTS insight_counts_\(source.table)()")
            }
        }
        if !sqlite { statements.append("DROP TABLE IF EXISTS insight_count_deltas") }
        statements.append("DROP TABLE IF EXISTS insight_counts")
        return statements
    }

    /// Counts for the rows already stored when the migration runs.
    static func backfill(sqlite: Bool) -> String {
        let rows = sources.map { contributions(of: $0, row: $0.table, from: $0.table, sign: 1, sqlite: sqlite) }.joined(separator: " UNION ALL ")
        return """
            INSERT INTO insight_counts (team_id, hour, metric, label, n)
            SELECT team_id, hour, metric, label, SUM(n) FROM (\(rows)) AS c GROUP BY team_id, hour, metric, label
            """
    }

    private static func sqliteTriggers(_ source: Source) -> [String] {
        func add(_ row: String, _ sign: Int) -> String {
            // `WHERE true` tells SQLite's parser that ON CONFLICT starts the upsert, not a join constraint.
            """
            INSERT INTO insight_counts (team_id, metric, label, hour, n)
              SELECT team_id, metric, label, hour, n FROM (\(contributions(of: source, row: row, from: nil, sign: sign, sqlite: true))) WHERE true
              ON CONFLICT (team_id, hour, metric, label) DO UPDATE SET n = n + excluded.n;
            """
        }
        let changed = source.columns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")
        let name = "insight_counts_\(source.table)"
        return [
            "CREATE TRIGGER \(name)_ai AFTER INSERT ON \(source.table) BEGIN \(add("new", 1)) END",
            "CREATE TRIGGER \(name)_ad AFTER DELETE ON \(source.table) BEGIN \(add("old", -1)) END",
            "CREATE TRIGGER \(name)_au AFTER UPDATE ON \(source.table) WHEN \(changed) BEGIN \(add("old", -1)) \(add("new", 1)) END",
        ]
    }

    private static func postgresTriggers(_ source: Source) -> [String] {
        func append(_ parts: [(table: String, sign: Int)]) -> String {
            let rows = parts.map { contributions(of: source, row: "r", from: "\($0.table) r", sign: $0.sign, sqlite: false) }.joined(separator: " UNION ALL ")
            return """
                INSERT INTO insight_count_deltas (team_id, hour, metric, label, n)
                  SELECT team_id, hour, metric, label, SUM(n) FROM (\(rows)) AS c GROUP BY team_id, hour, metric, label HAVING SUM(n) <> 0;
                """
        }
        let name = "insight_counts_\(source.table)"
        return [
            // Each branch names only the transition tables its event has; PL/pgSQL plans a statement when it first runs it.
            """
            CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                \(append([("new_rows", 1)]))
              ELSIF TG_OP = 'DELETE' THEN
                \(append([("old_rows", -1)]))
              ELSE
                \(append([("old_rows", -1), ("new_rows", 1)]))
              END IF;
              RETURN NULL;
            END $$
            """,
            "CREATE TRIGGER \(name)_ai AFTER INSERT ON \(source.table) REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(name)()",
            "CREATE TRIGGER \(name)_ad AFTER DELETE ON \(source.table) REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(name)()",
            """
            CREATE TRIGGER \(name)_au AFTER UPDATE ON \(source.table) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION \(name)()
            """,
        ]
    }
}

extension InsightCounts {
    /// A period's counts: per metric, by label and by ISO week (UTC).
    struct Tally {
        private(set) var byLabel: [String: [String: Int]] = [:]
        private(set) var byWeek: [String: [Int: Int]] = [:]

        mutating func add(_ metric: String, label: String, week: Int, _ n: Int) {
            byLabel[metric, default: [:]][label, default: 0] += n
            byWeek[metric, default: [:]][week, default: 0] += n
        }

        func total(_ metric: String) -> Int { byLabel[metric]?.values.reduce(0, +) ?? 0 }

        /// Labels with a count, most first, then by label; at most `limit`.
        func top(_ metric: String, _ limit: Int) -> [(label: String, count: Int)] {
            (byLabel[metric] ?? [:]).filter { $0.value > 0 }.map { (label: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label.unicodeScalars.lexicographicallyPrecedes($1.label.unicodeScalars) }
                .prefix(limit).map { $0 }
        }

        /// Per week start, the sum of `metrics`.
        func weekly(_ metrics: String...) -> [Date: Int] {
            var result: [Date: Int] = [:]
            for metric in metrics { for (week, n) in byWeek[metric] ?? [:] { result[InsightCounts.weekStart(week), default: 0] += n } }
            return result
        }
    }

    /// The counts of `[from, to)`: whole hours from the kept counts, the part hours at either end from the rows.
    static func tally(team: UUID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> Tally {
        var tally = Tally()
        let firstWhole = hour(from) + (date(ofHour: hour(from)) < from ? 1 : 0)
        let lastWhole = hour(to)
        guard firstWhole < lastWhole else {
            try await countRows(team: team, from: from, to: to, into: &tally, on: sql)
            return tally
        }
        if from < date(ofHour: firstWhole) { try await countRows(team: team, from: from, to: date(ofHour: firstWhole), into: &tally, on: sql) }
        if date(ofHour: lastWhole) < to { try await countRows(team: team, from: date(ofHour: lastWhole), to: to, into: &tally, on: sql) }
        try await sumCounts(team: team, hours: firstWhole..<lastWhole, into: &tally, on: sql)
        return tally
    }

    private static func sumCounts(team: UUID, hours: Range<Int>, into tally: inout Tally, on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        var kept = SQLQueryString("SELECT hour, metric, label, n FROM insight_counts WHERE team_id = \(bind: team) AND hour >= \(bind: hours.lowerBound) AND hour < \(bind: hours.upperBound)")
        if !sqlite {
            // Writers only append; folding the team's deltas keeps what a read sums small. Concurrent folds
            // each move rows the other has not (a deleted row is skipped) and lock counts in key order.
            try await sql.raw("""
                WITH moved AS (DELETE FROM insight_count_deltas WHERE team_id = \(bind: team) RETURNING team_id, hour, metric, label, n)
                INSERT INTO insight_counts (team_id, hour, metric, label, n)
                SELECT team_id, hour, metric, label, SUM(n) FROM moved GROUP BY team_id, hour, metric, label ORDER BY team_id, hour, metric, label
                ON CONFLICT (team_id, hour, metric, label) DO UPDATE SET n = insight_counts.n + excluded.n
                """).run()
            // Deltas committed since the fold count too: one statement sees both tables at one moment.
            kept.appendLiteral(" UNION ALL ")
            kept.appendInterpolation(SQLQueryString(
                "SELECT hour, metric, label, n FROM insight_count_deltas WHERE team_id = \(bind: team) AND hour >= \(bind: hours.lowerBound) AND hour < \(bind: hours.upperBound)"))
        }
        var query = SQLQueryString("SELECT metric, label, \(unsafeRaw: weekSQL(ofHour: "hour")) AS week, CAST(SUM(n) AS BIGINT) AS n FROM (")
        query.appendInterpolation(kept)
        query.appendLiteral(") AS k GROUP BY metric, label, week")
        for row in try await sql.raw(query).all() {
            tally.add(
                try row.decode(column: "metric", as: String.self), label: try row.decode(column: "label", as: String.self),
                week: try row.decode(column: "week", as: Int.self), try row.decode(column: "n", as: Int.self))
        }
    }

    /// Counts from the rows themselves, through the same definitions and the (team, time) indexes: the
    /// part hours at a period's ends (and, in tests, whole periods to check the kept counts against).
    static func countRows(team: UUID, from: Date, to: Date, into tally: inout Tally, on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        var query = SQLQueryString("")
        var first = true
        for source in sources {
            for definition in source.definitions {
                if !first { query.appendLiteral(" UNION ALL ") }
                first = false
                let label = definition.label.map { "\(source.table).\($0)" } ?? "''"
                let time = "\(source.table).\(definition.time)"
                let condition = definition.condition.replacingOccurrences(of: "$.", with: "\(source.table).")
                query.appendInterpolation(SQLQueryString("""
                    SELECT '\(unsafeRaw: definition.metric)' AS metric, \(unsafeRaw: label) AS label,
                      \(unsafeRaw: weekSQL(ofHour: hourSQL(time, sqlite: sqlite))) AS week, COUNT(*) AS n FROM \(unsafeRaw: source.table)
                    WHERE \(unsafeRaw: source.table).team_id = \(bind: team) AND \(unsafeRaw: time) >= \(bind: from) AND \(unsafeRaw: time) < \(bind: to)
                    AND \(unsafeRaw: condition) GROUP BY 2, 3
                    """))
            }
        }
        for row in try await sql.raw(query).all() {
            tally.add(
                try row.decode(column: "metric", as: String.self), label: try row.decode(column: "label", as: String.self),
                week: try row.decode(column: "week", as: Int.self), try row.decode(column: "n", as: Int.self))
        }
    }
}
