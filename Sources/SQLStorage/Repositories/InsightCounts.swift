import Foundation
import SQLKit

/// The insights' counts, kept per team by UTC day and by UTC hour as rows are written, so a period's
/// figures are a sum over its days and hours instead of a walk over every row of the period (a
/// million interactions took about a second; docs/BENCHMARKS.md).
///
/// Database triggers keep them, so no write path can forget to: the API, imports, `generate`,
/// `restore` and any SQL an operator runs. Each counted row adds one to every count it belongs to, and
/// an update or delete takes back what the old row added.
/// - SQLite: row triggers add to `insight_counts` directly; SQLite has one writer at a time anyway.
/// - PostgreSQL: statement triggers append the statement's changes, summed, to `insight_count_deltas`.
///   Writers only insert, so concurrent writes never wait for one another on a hot count and can never
///   deadlock on one. A read sums both tables, and first folds the team's deltas into the counts.
///
/// A period's whole days and whole hours come from the counts; the part hours at its two ends are
/// counted from the rows, through the same definitions, so the result is exact for any `from` and `to`.
/// Changing a definition means a migration that drops and recreates the triggers and the counts.
enum InsightCounts {
    struct Definition {
        let metric: String
        /// The label as SQL (`$.recovery`); the empty string when there is none.
        let label: String
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

    /// A lost deal's loss pair: the reason its debrief concluded (a key, never containing `|`; empty
    /// when none) and its CRM text, as `concluded|crm`. The debriefs' triggers keep it when a debrief
    /// comes, goes or changes its conclusion.
    static func lossPair(concluded: String, crm: String) -> String { "COALESCE(\(concluded), '') || '|' || COALESCE(\(crm), '')" }

    static let sources: [Source] = [
        Source(table: "reflections", columns: ["team_id", "status", "due_at", "completed_at"], definitions: [
            Definition(metric: "due", label: "''", time: "due_at", condition: "$.status <> 'skipped'"),
            Definition(metric: "completed", label: "''", time: "due_at", condition: "$.status = 'completed'"),
            Definition(metric: "on_time", label: "''", time: "due_at", condition: "$.status = 'completed' AND $.completed_at <= $.due_at"),
            Definition(metric: "completion", label: "''", time: "completed_at", condition: "$.completed_at IS NOT NULL"),
        ]),
        Source(table: "interactions", columns: ["team_id", "outcome", "occurred_at", "recovery"], definitions: [
            Definition(metric: "bad", label: "''", time: "occurred_at", condition: "$.outcome = 'bad'"),
            Definition(metric: "recovery", label: "$.recovery", time: "occurred_at", condition: "$.recovery IS NOT NULL"),
        ]),
        Source(table: "deals", columns: ["team_id", "failed_at", "lost_reason"], definitions: [
            Definition(metric: "lost", label: "''", time: "failed_at", condition: "$.failed_at IS NOT NULL"),
            Definition(metric: "lost_reason", label: "$.lost_reason", time: "failed_at", condition: "$.failed_at IS NOT NULL AND $.lost_reason IS NOT NULL"),
            Definition(
                metric: "loss_pair", label: lossPair(concluded: "(SELECT b.concluded_loss_reason FROM debriefs b WHERE b.deal_id = $.id)", crm: "$.lost_reason"),
                time: "failed_at", condition: "$.failed_at IS NOT NULL"),
        ]),
        // Only the library's questions count: a question its rep kept private is as private as the
        // reflection it came from, and even its topic tells.
        Source(table: "questions", columns: ["team_id", "in_library", "topic", "created_at"], definitions: [
            Definition(metric: "topic", label: "$.topic", time: "created_at", condition: "$.in_library AND $.topic IS NOT NULL"),
        ]),
    ]

    /// Counts kept per hour and per day; a day row's `start` is its first hour.
    static let spans = [1, 24]
    static let secondsPerHour = 3600.0
    /// Hour 96 is Monday 1970-01-05 00:00 UTC, the start of ISO week 0. The offset of a million weeks
    /// keeps integer division a floor for any date after year 1.
    static func weekSQL(ofHour hour: String) -> String { "((\(hour) + 167999904) / 168 - 1000000)" }
    static func weekStart(_ week: Int) -> Date { Date(timeIntervalSince1970: Double(week) * 604_800 + 345_600) }

    /// The first hour of the UTC hour or day (`span` hours) of a stored date, rounded down, before 1970
    /// too (SQLite has no FLOOR).
    static func startSQL(_ column: String, span: Int, sqlite: Bool) -> String {
        let seconds = span * 3600
        return sqlite
            ? "((CAST(\(column) / \(seconds) AS INTEGER) - (\(column) < 0 AND CAST(\(column) / \(seconds) AS INTEGER) * \(seconds) <> \(column))) * \(span))"
            : "(CAST(FLOOR(EXTRACT(EPOCH FROM \(column)) / \(seconds)) AS BIGINT) * \(span))"
    }

    static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / secondsPerHour).rounded(.down)) }
    static func date(ofHour hour: Int) -> Date { Date(timeIntervalSince1970: Double(hour) * secondsPerHour) }

    /// `SELECT team_id, span, start, metric, label, n`, once per span, for what one definition counts.
    static func select(team: String, metric: String, label: String, time: String, sign: Int, rest: String, sqlite: Bool) -> String {
        spans.map { span in
            "SELECT \(team) AS team_id, \(span) AS span, \(startSQL(time, span: span, sqlite: sqlite)) AS start, '\(metric)' AS metric, \(label) AS label, \(sign) AS n \(rest)"
        }.joined(separator: " UNION ALL ")
    }

    /// The counts that `row` (an alias, or `new`/`old` in a SQLite row trigger) adds to, joined by UNION
    /// ALL. `from` is a FROM clause, or nil inside a SQLite row trigger.
    /// `scope`, a condition on `$.team_id`, limits the rows counted.
    static func contributions(of source: Source, row: String, from: String?, sign: Int, sqlite: Bool, scope: String? = nil) -> String {
        source.definitions.map { definition in
            let condition = definition.condition + (scope.map { " AND \($0)" } ?? "")
            let rest = (from.map { "FROM \($0) " } ?? "") + "WHERE " + condition.replacingOccurrences(of: "$.", with: "\(row).")
            return select(
                team: "\(row).team_id", metric: definition.metric, label: definition.label.replacingOccurrences(of: "$.", with: "\(row)."),
                time: "\(row).\(definition.time)", sign: sign, rest: rest, sqlite: sqlite)
        }.joined(separator: " UNION ALL ")
    }

    /// What a debrief row changes in its deal's loss pair: `sign` times the pair with its conclusion,
    /// minus `sign` times the pair without one.
    static func debriefContributions(row: String, from: String?, sign: Int, sqlite: Bool) -> String {
        let deal = (from.map { "FROM \($0) JOIN deals d ON d.id = \(row).deal_id" } ?? "FROM deals d WHERE d.id = \(row).deal_id AND")
        let rest = from == nil ? "\(deal) d.failed_at IS NOT NULL" : "\(deal) WHERE d.failed_at IS NOT NULL"
        return [
            select(team: "d.team_id", metric: "loss_pair", label: lossPair(concluded: "\(row).concluded_loss_reason", crm: "d.lost_reason"),
                   time: "d.failed_at", sign: sign, rest: rest, sqlite: sqlite),
            select(team: "d.team_id", metric: "loss_pair", label: lossPair(concluded: "NULL", crm: "d.lost_reason"),
                   time: "d.failed_at", sign: -sign, rest: rest, sqlite: sqlite),
        ].joined(separator: " UNION ALL ")
    }

    // MARK: Schema

    static let key = "team_id, span, start, metric, label"

    static func createStatements(sqlite: Bool) -> [String] {
        func table(_ name: String, primaryKey: Bool) -> String {
            """
            CREATE TABLE \(name) (team_id \(sqlite ? "TEXT" : "UUID") NOT NULL, span INTEGER NOT NULL, start BIGINT NOT NULL,
              metric TEXT NOT NULL, label TEXT NOT NULL, n BIGINT NOT NULL\(primaryKey ? ", PRIMARY KEY (\(key)))" + (sqlite ? " WITHOUT ROWID" : "") : ")")
            """
        }
        var statements = [table("insight_counts", primaryKey: true)]
        if sqlite {
            statements += sqliteTriggerStatements
        } else {
            statements.append(table("insight_count_deltas", primaryKey: false))
            statements.append("CREATE INDEX insight_count_deltas_team_idx ON insight_count_deltas (team_id, span, start)")
            for source in sources { statements += postgresTriggers(source.table) { contributions(of: source, row: "r", from: "\($0) r", sign: $1, sqlite: false) } }
            statements += postgresTriggers("debriefs") { debriefContributions(row: "r", from: "\($0) r", sign: $1, sqlite: false) }
        }
        statements.append(backfill(sqlite: sqlite))
        return statements
    }

    static let triggerTables = sources.map(\.table) + ["debriefs"]
    static let sqliteTriggerNames = triggerTables.flatMap { table in ["ai", "ad", "au"].map { "insight_counts_\(table)_\($0)" } }

    static var sqliteTriggerStatements: [String] {
        sources.flatMap { source in sqliteTriggers(source.table, columns: source.columns) { contributions(of: source, row: $0, from: nil, sign: $1, sqlite: true) } }
            + sqliteTriggers("debriefs", columns: ["deal_id", "concluded_loss_reason"]) { debriefContributions(row: $0, from: nil, sign: $1, sqlite: true) }
    }

    static func dropStatements(sqlite: Bool) -> [String] {
        var statements: [String] = []
        for table in triggerTables {
            for suffix in ["ai", "ad", "au"] {
                statements.append("DROP TRIGGER IF EXISTS insight_counts_\(table)_\(suffix)" + (sqlite ? "" : " ON \(table)"))
            }
            if !sqlite { statements.append("DROP FUNCTION IF EXISTS insight_counts_\(table)()") }
        }
        if !sqlite { statements.append("DROP TABLE IF EXISTS insight_count_deltas") }
        statements.append("DROP TABLE IF EXISTS insight_counts")
        return statements
    }

    /// Counts for the rows already stored when the migration runs (or, with `scope`, a bulk load's new teams).
    static func backfill(sqlite: Bool, scope: String? = nil) -> String {
        let rows = sources.map { contributions(of: $0, row: $0.table, from: $0.table, sign: 1, sqlite: sqlite, scope: scope) }.joined(separator: " UNION ALL ")
        return """
            INSERT INTO insight_counts (\(key), n)
            SELECT \(key), SUM(n) FROM (\(rows)) AS c GROUP BY \(key)
            """
    }

    /// `contributions(row, sign)` gives the rows' counts.
    private static func sqliteTriggers(_ table: String, columns: [String], _ contributions: (String, Int) -> String) -> [String] {
        func add(_ row: String, _ sign: Int) -> String {
            // `WHERE true` tells SQLite's parser that ON CONFLICT starts the upsert, not a join constraint.
            """
            INSERT INTO insight_counts (\(key), n)
              SELECT \(key), n FROM (\(contributions(row, sign))) WHERE true
              ON CONFLICT (\(key)) DO UPDATE SET n = n + excluded.n;
            """
        }
        let changed = columns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")
        let name = "insight_counts_\(table)"
        return [
            "CREATE TRIGGER \(name)_ai AFTER INSERT ON \(table) BEGIN \(add("new", 1)) END",
            "CREATE TRIGGER \(name)_ad AFTER DELETE ON \(table) BEGIN \(add("old", -1)) END",
            "CREATE TRIGGER \(name)_au AFTER UPDATE ON \(table) WHEN \(changed) BEGIN \(add("old", -1)) \(add("new", 1)) END",
        ]
    }

    /// `contributions(transitionTable, sign)` gives the statement's counts.
    private static func postgresTriggers(_ table: String, _ contributions: (String, Int) -> String) -> [String] {
        func append(_ parts: [(table: String, sign: Int)]) -> String {
            let rows = parts.map { contributions($0.table, $0.sign) }.joined(separator: " UNION ALL ")
            return """
                INSERT INTO insight_count_deltas (\(key), n)
                  SELECT \(key), SUM(n) FROM (\(rows)) AS c GROUP BY \(key) HAVING SUM(n) <> 0;
                """
        }
        let name = "insight_counts_\(table)"
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
            "CREATE TRIGGER \(name)_ai AFTER INSERT ON \(table) REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(name)()",
            "CREATE TRIGGER \(name)_ad AFTER DELETE ON \(table) REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(name)()",
            """
            CREATE TRIGGER \(name)_au AFTER UPDATE ON \(table) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
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

    /// The counts of `[from, to)`: whole days and then whole hours from the kept counts, the part hours
    /// at either end from the rows.
    static func tally(team: UUID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> Tally {
        var tally = Tally()
        let firstHour = hour(from) + (date(ofHour: hour(from)) < from ? 1 : 0)
        let lastHour = hour(to)
        guard firstHour < lastHour else {
            try await countRows(team: team, from: from, to: to, into: &tally, on: sql)
            return tally
        }
        if from < date(ofHour: firstHour) { try await countRows(team: team, from: from, to: date(ofHour: firstHour), into: &tally, on: sql) }
        if date(ofHour: lastHour) < to { try await countRows(team: team, from: date(ofHour: lastHour), to: to, into: &tally, on: sql) }
        let firstDay = Int((Double(firstHour) / 24).rounded(.up)) * 24
        let lastDay = Int((Double(lastHour) / 24).rounded(.down)) * 24
        let ranges: [(span: Int, hours: Range<Int>)] = firstDay < lastDay
            ? [(24, firstDay..<lastDay), (1, firstHour..<firstDay), (1, lastDay..<lastHour)] : [(1, firstHour..<lastHour)]
        try await sumCounts(team: team, ranges.filter { !$0.hours.isEmpty }, into: &tally, on: sql)
        return tally
    }

    /// PostgreSQL: moves the deltas (of one team, or of all) into the counts.
    static func fold(team: UUID?, on sql: any SQLDatabase) async throws {
        var query = SQLQueryString("WITH moved AS (DELETE FROM insight_count_deltas")
        if let team { query.appendInterpolation(SQLQueryString(" WHERE team_id = \(bind: team)")) }
        query.appendLiteral("""
             RETURNING \(key), n)
            INSERT INTO insight_counts (\(key), n)
            SELECT \(key), SUM(n) FROM moved GROUP BY \(key) ORDER BY \(key)
            ON CONFLICT (\(key)) DO UPDATE SET n = insight_counts.n + excluded.n
            """)
        try await sql.raw(query).run()
    }

    private static func sumCounts(team: UUID, _ ranges: [(span: Int, hours: Range<Int>)], into tally: inout Tally, on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        if !sqlite {
            // Writers only append; folding the team's deltas keeps what a read sums small. Concurrent folds
            // each move rows the other has not (a deleted row is skipped) and lock counts in key order.
            try await fold(team: team, on: sql)
        }
        // Deltas committed since the fold count too: one statement sees both tables at one moment.
        var kept = SQLQueryString("")
        for (index, range) in ranges.enumerated() {
            for table in sqlite ? ["insight_counts"] : ["insight_counts", "insight_count_deltas"] {
                if index > 0 || table != "insight_counts" { kept.appendLiteral(" UNION ALL ") }
                kept.appendInterpolation(SQLQueryString("""
                    SELECT start, metric, label, n FROM \(unsafeRaw: table) WHERE team_id = \(bind: team) AND span = \(bind: range.span)
                    AND start >= \(bind: range.hours.lowerBound) AND start < \(bind: range.hours.upperBound)
                    """))
            }
        }
        var query = SQLQueryString("SELECT metric, label, \(unsafeRaw: weekSQL(ofHour: "start")) AS week, CAST(SUM(n) AS BIGINT) AS n FROM (")
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
                func row(_ text: String) -> String { text.replacingOccurrences(of: "$.", with: "\(source.table).") }
                let time = "\(source.table).\(definition.time)"
                query.appendInterpolation(SQLQueryString("""
                    SELECT '\(unsafeRaw: definition.metric)' AS metric, \(unsafeRaw: row(definition.label)) AS label,
                      \(unsafeRaw: weekSQL(ofHour: startSQL(time, span: 1, sqlite: sqlite))) AS week, COUNT(*) AS n FROM \(unsafeRaw: source.table)
                    WHERE \(unsafeRaw: source.table).team_id = \(bind: team) AND \(unsafeRaw: time) >= \(bind: from) AND \(unsafeRaw: time) < \(bind: to)
                    AND \(unsafeRaw: row(definition.condition)) GROUP BY 2, 3
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
