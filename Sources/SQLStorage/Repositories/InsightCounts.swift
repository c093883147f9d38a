import Foundation
import SQLKit

/// The insights' counts, kept per team by UTC day and by UTC hour, so a period's figures are a sum over
/// its days and hours instead of a walk over every row of the period (a million interactions took about
/// a second; docs/BENCHMARKS.md).
///
/// Database triggers record every change, so no write path can forget to: the API, imports,
/// `generate`, `restore` and any SQL an operator runs. Writers only append; a read of the insights
/// first folds its team's changes into `insight_counts`, so writers never wait on a hot count and can
/// never deadlock on one.
/// - SQLite: a row trigger appends the row's counted values to `insight_log_<table>`. SQLite compiles
///   a statement's triggers each time the statement is prepared, which SQLiteNIO does for every query;
///   triggers that computed the counts themselves cost 0.18 ms per write, these 0.01 ms.
/// - PostgreSQL: a statement trigger appends the statement's counts, summed, to `insight_count_deltas`.
///
/// A period's whole days and whole hours come from the counts; the part hours at its two ends are
/// counted from the rows, through the same definitions, so the result is exact for any `from` and `to`.
/// Changing a definition means a migration that drops and recreates the triggers and the counts.
enum InsightCounts {
    struct Definition {
        let metric: String
        /// The label as SQL over the source's fields (`$.recovery`); `''` when there is none.
        let label: String
        let time: String
        /// Fields written as `$.name`.
        let condition: String
    }

    struct Source {
        let table: String
        /// The values the definitions read: a column of the same name unless `derived` says otherwise.
        let fields: [String]
        var derived: [String: String] = [:]
        let definitions: [Definition]

        /// The table's own columns among the fields: a change to one can move a row between counts (the
        /// SQLite update trigger's filter).
        var columns: [String] { fields.filter { derived[$0] == nil } }

        /// A field as SQL over the row `row`.
        func field(_ name: String, of row: String) -> String { (derived[name] ?? "$.\(name)").replacingOccurrences(of: "$.", with: "\(row).") }
    }

    /// A lost deal's loss pair: the reason its debrief concluded (a key, never containing `|`; empty
    /// when none) and its CRM text, as `concluded|crm`. The debriefs' triggers record a deal's change of
    /// pair when a debrief comes, goes or changes its conclusion.
    static let lossPair = "COALESCE($.concluded_loss_reason, '') || '|' || COALESCE($.lost_reason, '')"

    static let sources: [Source] = [
        Source(table: "reflections", fields: ["team_id", "status", "due_at", "completed_at"], definitions: [
            Definition(metric: "due", label: "''", time: "due_at", condition: "$.status <> 'skipped'"),
            Definition(metric: "completed", label: "''", time: "due_at", condition: "$.status = 'completed'"),
            Definition(metric: "on_time", label: "''", time: "due_at", condition: "$.status = 'completed' AND $.completed_at <= $.due_at"),
            Definition(metric: "completion", label: "''", time: "completed_at", condition: "$.completed_at IS NOT NULL"),
        ]),
        Source(table: "interactions", fields: ["team_id", "outcome", "occurred_at", "recovery"], definitions: [
            Definition(metric: "bad", label: "''", time: "occurred_at", condition: "$.outcome = 'bad'"),
            Definition(metric: "recovery", label: "$.recovery", time: "occurred_at", condition: "$.recovery IS NOT NULL"),
        ]),
        Source(
            table: "deals", fields: ["team_id", "failed_at", "lost_reason", "concluded_loss_reason"],
            derived: ["concluded_loss_reason": "(SELECT b.concluded_loss_reason FROM debriefs b WHERE b.deal_id = $.id)"], definitions: [
                Definition(metric: "lost", label: "''", time: "failed_at", condition: "$.failed_at IS NOT NULL"),
                Definition(metric: "lost_reason", label: "$.lost_reason", time: "failed_at", condition: "$.failed_at IS NOT NULL AND $.lost_reason IS NOT NULL"),
                Definition(metric: "loss_pair", label: lossPair, time: "failed_at", condition: "$.failed_at IS NOT NULL"),
            ]),
        // Only the library's questions count: a question its rep kept private is as private as the
        // reflection it came from, and even its topic tells.
        Source(table: "questions", fields: ["team_id", "in_library", "topic", "created_at"], definitions: [
            Definition(metric: "topic", label: "$.topic", time: "created_at", condition: "$.in_library AND $.topic IS NOT NULL"),
        ]),
    ]
    static var deals: Source { sources[2] }

    /// Counts kept per hour and per day; a day row's `start` is its first hour.
    static let spans = [1, 24]
    static let secondsPerHour = 3600.0
    /// Hour 96 is Monday 1970-01-05 00:00 UTC, the start of ISO week 0. The offset of a million weeks
    /// keeps integer division a floor for any date after year 1.
    static func weekSQL(ofHour hour: String) -> String { "((\(hour) + 167999904) / 168 - 1000000)" }
    static func weekStart(_ week: Int) -> Date { Date(timeIntervalSince1970: Double(week) * 604_800 + 345_600) }

    /// The first hour of the UTC hour or day (`span` hours) of a stored date, rounded down, before 1970
    /// too (SQLite has no FLOOR; its CAST rounds towards zero).
    static func startSQL(_ column: String, span: Int, sqlite: Bool) -> String {
        let seconds = span * 3600
        return sqlite
            ? "((CAST(\(column) / \(seconds) AS INTEGER) - (\(column) < CAST(\(column) / \(seconds) AS INTEGER) * \(seconds))) * \(span))"
            : "(CAST(FLOOR(EXTRACT(EPOCH FROM \(column)) / \(seconds)) AS BIGINT) * \(span))"
    }

    static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / secondsPerHour).rounded(.down)) }
    static func date(ofHour hour: Int) -> Date { Date(timeIntervalSince1970: Double(hour) * secondsPerHour) }

    /// A derived table `r` with the source's fields, from `from` (a table and its alias `x`).
    static func rows(_ source: Source, from: String, where condition: String? = nil) -> String {
        let fields = source.fields.map { "\(source.field($0, of: "x")) AS \($0)" }.joined(separator: ", ")
        return "(SELECT \(fields) FROM \(from)\(condition.map { " WHERE \($0)" } ?? "")) AS r"
    }

    /// `SELECT team_id, span, start, metric, label, n` for every count each row of `rows` belongs to,
    /// `n` being `sign` (SQL), joined by UNION ALL.
    static func contributions(of source: Source, rows: String, sign: String, sqlite: Bool) -> String {
        source.definitions.flatMap { definition in
            spans.map { span in
                let label = definition.label.replacingOccurrences(of: "$.", with: "r.")
                let condition = definition.condition.replacingOccurrences(of: "$.", with: "r.")
                return "SELECT r.team_id AS team_id, \(span) AS span, \(startSQL("r.\(definition.time)", span: span, sqlite: sqlite)) AS start, "
                    + "'\(definition.metric)' AS metric, \(label) AS label, \(sign) AS n FROM \(rows) WHERE \(condition)"
            }
        }.joined(separator: " UNION ALL ")
    }

    // MARK: Schema

    static let key = "team_id, span, start, metric, label"

    static func createStatements(sqlite: Bool) -> [String] {
        let uuid = sqlite ? "TEXT" : "UUID"
        var statements = [
            """
            CREATE TABLE insight_counts (team_id \(uuid) NOT NULL, span INTEGER NOT NULL, start BIGINT NOT NULL, metric TEXT NOT NULL,
              label TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (\(key)))\(sqlite ? " WITHOUT ROWID" : "")
            """
        ]
        if sqlite {
            for source in sources {
                statements.append("CREATE TABLE insight_log_\(source.table) (sign INTEGER NOT NULL, \(source.fields.joined(separator: ", ")))")
                statements.append("CREATE INDEX insight_log_\(source.table)_team_idx ON insight_log_\(source.table) (team_id)")
            }
            statements += sqliteTriggerStatements
        } else {
            statements.append("""
                CREATE TABLE insight_count_deltas (team_id UUID NOT NULL, span INTEGER NOT NULL, start BIGINT NOT NULL, metric TEXT NOT NULL,
                  label TEXT NOT NULL, n BIGINT NOT NULL)
                """)
            statements.append("CREATE INDEX insight_count_deltas_team_idx ON insight_count_deltas (team_id, span, start)")
            for source in sources { statements += postgresTriggers(source.table, counting: source) { [(rows(source, from: "\($0) x"), 1)] } }
            // A debrief changes its deal's loss pair: the deal as it is with the debrief's conclusion,
            // less the deal as it is without one (the other counts cancel out).
            statements += postgresTriggers("debriefs", counting: deals) { table in
                [("(SELECT d.team_id, d.failed_at, d.lost_reason, x.concluded_loss_reason FROM \(table) x JOIN deals d ON d.id = x.deal_id) AS r", 1),
                 ("(SELECT d.team_id, d.failed_at, d.lost_reason, NULL AS concluded_loss_reason FROM \(table) x JOIN deals d ON d.id = x.deal_id) AS r", -1)]
            }
        }
        statements.append(backfill(sqlite: sqlite))
        return statements
    }

    static let triggerTables = sources.map(\.table) + ["debriefs"]
    static let sqliteTriggerNames = triggerTables.flatMap { table in ["ai", "ad", "au"].map { "insight_counts_\(table)_\($0)" } }

    static func dropStatements(sqlite: Bool) -> [String] {
        var statements: [String] = []
        for table in triggerTables {
            for suffix in ["ai", "ad", "au"] {
                statements.append("DROP TRIGGER IF EXISTS insight_counts_\(table)_\(suffix)" + (sqlite ? "" : " ON \(table)"))
            }
            if !sqlite { statements.append("DROP FUNCTION IF EXISTS insight_counts_\(table)()") }
        }
        statements += sqlite ? sources.map { "DROP TABLE IF EXISTS insight_log_\($0.table)" } : ["DROP TABLE IF EXISTS insight_count_deltas"]
        statements.append("DROP TABLE IF EXISTS insight_counts")
        return statements
    }

    /// Counts for the rows already stored when the migration runs, or (`scope`, a condition on the
    /// row `x`) a bulk load's new teams.
    static func backfill(sqlite: Bool, scope: String? = nil) -> String {
        let all = sources.map { contributions(of: $0, rows: rows($0, from: "\($0.table) x", where: scope), sign: "1", sqlite: sqlite) }
        return """
            INSERT INTO insight_counts (\(key), n)
            SELECT \(key), SUM(n) FROM (\(all.joined(separator: " UNION ALL "))) AS c GROUP BY \(key)
            """
    }

    /// SQLite: each change appends the counted values of the row as it was (sign -1) and as it is (+1).
    static var sqliteTriggerStatements: [String] {
        func log(_ source: Source, _ row: String, _ sign: Int) -> String {
            "INSERT INTO insight_log_\(source.table) (sign, \(source.fields.joined(separator: ", "))) VALUES (\(sign), \(source.fields.map { source.field($0, of: row) }.joined(separator: ", ")));"
        }
        var statements: [String] = []
        for source in sources {
            let name = "insight_counts_\(source.table)"
            let changed = source.columns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")
            statements += [
                "CREATE TRIGGER \(name)_ai AFTER INSERT ON \(source.table) BEGIN \(log(source, "new", 1)) END",
                "CREATE TRIGGER \(name)_ad AFTER DELETE ON \(source.table) BEGIN \(log(source, "old", -1)) END",
                "CREATE TRIGGER \(name)_au AFTER UPDATE ON \(source.table) WHEN \(changed) BEGIN \(log(source, "old", -1)) \(log(source, "new", 1)) END",
            ]
        }
        // A debrief changes its deal's loss pair: the deal with the debrief's conclusion, less the deal without one.
        func debrief(_ row: String, _ sign: Int) -> String {
            """
            INSERT INTO insight_log_deals (sign, team_id, failed_at, lost_reason, concluded_loss_reason)
              SELECT \(sign), team_id, failed_at, lost_reason, \(row).concluded_loss_reason FROM deals WHERE id = \(row).deal_id
              UNION ALL SELECT \(-sign), team_id, failed_at, lost_reason, NULL FROM deals WHERE id = \(row).deal_id;
            """
        }
        statements += [
            "CREATE TRIGGER insight_counts_debriefs_ai AFTER INSERT ON debriefs WHEN new.deal_id IS NOT NULL BEGIN \(debrief("new", 1)) END",
            "CREATE TRIGGER insight_counts_debriefs_ad AFTER DELETE ON debriefs WHEN old.deal_id IS NOT NULL BEGIN \(debrief("old", -1)) END",
            """
            CREATE TRIGGER insight_counts_debriefs_au AFTER UPDATE ON debriefs
              WHEN old.deal_id IS NOT new.deal_id OR old.concluded_loss_reason IS NOT new.concluded_loss_reason
              BEGIN \(debrief("old", -1)) \(debrief("new", 1)) END
            """,
        ]
        return statements
    }

    /// PostgreSQL: `rows(transitionTable)` gives the rows, with `source`'s fields, that a change of `table`
    /// adds to the counts (a sign of 1) or takes from them (-1).
    private static func postgresTriggers(_ table: String, counting source: Source, _ rows: @escaping (String) -> [(rows: String, sign: Int)]) -> [String] {
        func append(_ parts: [(table: String, sign: Int)]) -> String {
            let all = parts.flatMap { part in
                rows(part.table).map { contributions(of: source, rows: $0.rows, sign: "\(part.sign * $0.sign)", sqlite: false) }
            }
            return """
                INSERT INTO insight_count_deltas (\(key), n)
                  SELECT \(key), SUM(n) FROM (\(all.joined(separator: " UNION ALL "))) AS c GROUP BY \(key) HAVING SUM(n) <> 0;
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
    /// A period's counts: per metric, by label and by ISO week (of the team's zone, `weeks`).
    struct Tally {
        var weeks = InsightWeeks.utc
        private(set) var byLabel: [String: [String: Int]] = [:]
        private(set) var byWeek: [String: [Int: Int]] = [:]

        mutating func add(_ metric: String, label: String, week: Int, _ n: Int) {
            byLabel[metric, default: [:]][label, default: 0] += n
            byWeek[metric, default: [:]][week, default: 0] += n
        }

        /// Rows of `metric`, `label`, `week` and `n`, as both the kept counts and the rows are read.
        mutating func add(_ rows: [any SQLRow]) throws {
            for row in rows {
                add(
                    try row.decode(column: "metric", as: String.self), label: try row.decode(column: "label", as: String.self),
                    week: try row.decode(column: "week", as: Int.self), try row.decode(column: "n", as: Int.self))
            }
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
            for metric in metrics { for (week, n) in byWeek[metric] ?? [:] { result[weeks.start(ofWeek: week), default: 0] += n } }
            return result
        }
    }

    /// The counts of `[from, to)`: whole days and then whole hours from the kept counts, the part hours
    /// at either end from the rows.
    static func tally(team: UUID, from: Date, to: Date, zone: TimeZone = .gmt, on sql: any SQLDatabase) async throws -> Tally {
        var tally = Tally()
        tally.weeks = InsightWeeks(zone: zone, from: from, to: to)
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
        var ranges: [(span: Int, hours: Range<Int>)] = [(1, firstHour..<lastHour)]
        if firstDay < lastDay {
            ranges = [(1, firstHour..<firstDay), (1, lastDay..<lastHour)]
            // Whole UTC days by their day counts, except a day in which one of the team's weeks begins.
            var day = firstDay
            for split in tally.weeks.splitDays(from: from, to: to).sorted() where split >= firstDay && split < lastDay {
                ranges += [(24, day..<split), (1, split..<(split + 24))]
                day = split + 24
            }
            ranges.append((24, day..<lastDay))
        }
        try await sumCounts(team: team, ranges.filter { !$0.hours.isEmpty }, into: &tally, on: sql)
        return tally
    }

    /// Moves the recorded changes (of one team, or of all) into the counts. Writers only append, so a
    /// fold competes only with other folds: on SQLite it runs as a write (one at a time); on PostgreSQL
    /// concurrent folds each move rows the other has not (a deleted row is skipped) and lock counts in
    /// key order.
    static func fold(team: UUID?, on sql: any SQLDatabase) async throws {
        func scoped(_ text: String) -> SQLQueryString {
            var query = SQLQueryString(text)
            if let team { query.appendInterpolation(SQLQueryString(" WHERE team_id = \(bind: team)")) }
            return query
        }
        guard sql.dialect.name == "sqlite" else {
            var query = scoped("WITH moved AS (DELETE FROM insight_count_deltas")
            query.appendLiteral("""
                 RETURNING \(key), n)
                INSERT INTO insight_counts (\(key), n)
                SELECT \(key), SUM(n) FROM moved GROUP BY \(key) ORDER BY \(key)
                ON CONFLICT (\(key)) DO UPDATE SET n = insight_counts.n + excluded.n
                """)
            try await sql.raw(query).run()
            return
        }
        for source in sources {
            // The log table has the source's fields under their own names: it serves as `r` directly.
            var query = SQLQueryString("INSERT INTO insight_counts (\(key), n) SELECT \(key), SUM(n) FROM (")
            let log = team == nil ? "insight_log_\(source.table) AS r" : "(SELECT * FROM insight_log_\(source.table) WHERE team_id = ?) AS r"
            let rows = contributions(of: source, rows: log, sign: "r.sign", sqlite: true)
            // The log's subquery appears once per definition and span, each with its own `?` for the team.
            let placeholders = rows.components(separatedBy: "?").count - 1
            query.appendInterpolation(binding(rows, team.map { Array(repeating: $0, count: placeholders) } ?? []))
            // `WHERE true` tells SQLite's parser that ON CONFLICT starts the upsert, not a join constraint.
            query.appendLiteral(") WHERE true GROUP BY \(key) HAVING SUM(n) <> 0 ON CONFLICT (\(key)) DO UPDATE SET n = n + excluded.n")
            try await sql.raw(query).run()
            try await sql.raw(scoped("DELETE FROM insight_log_\(source.table)")).run()
        }
    }

    /// `text` with each `?` bound to the next of `values`, in order. The derived tables' SQL is text
    /// shared with the triggers, which take no binds; the only `?` in it are the ones a caller put there.
    static func binding(_ text: String, _ values: [any Encodable & Sendable]) -> SQLQueryString {
        var query = SQLQueryString("")
        var values = values[...]
        for (index, part) in text.components(separatedBy: "?").enumerated() {
            if index > 0 {
                guard let value = values.popFirst() else { preconditionFailure("more ? than values in \(text)") }
                query.appendInterpolation(SQLQueryString("\(bind: value)"))
            }
            query.appendLiteral(part)
        }
        return query
    }

    /// SQLite: whether the team (or any team) has changes waiting in the logs.
    static func hasChanges(team: UUID?, on sql: any SQLDatabase) async throws -> Bool {
        var query = SQLQueryString("SELECT ")
        for (index, source) in sources.enumerated() {
            query.appendInterpolation(SQLQueryString("\(unsafeRaw: index == 0 ? "" : " OR ")EXISTS (SELECT 1 FROM \(ident: "insight_log_\(source.table)")"))
            if let team { query.appendInterpolation(SQLQueryString(" WHERE team_id = \(bind: team)")) }
            query.appendLiteral(")")
        }
        query.appendLiteral(" AS found")
        return try await sql.raw(query).first()?.decode(column: "found", as: Bool.self) ?? false
    }

    private static func sumCounts(team: UUID, _ ranges: [(span: Int, hours: Range<Int>)], into tally: inout Tally, on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        // PostgreSQL: deltas committed since the fold count too; one statement sees both tables at one moment.
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
        var query = SQLQueryString("SELECT metric, label, \(unsafeRaw: tally.weeks.weekSQL(ofHour: "start")) AS week, CAST(SUM(n) AS BIGINT) AS n FROM (")
        query.appendInterpolation(kept)
        query.appendLiteral(") AS k GROUP BY metric, label, week")
        try await tally.add(sql.raw(query).all())
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
                query.appendLiteral("SELECT '\(definition.metric)' AS metric, \(definition.label.replacingOccurrences(of: "$.", with: "r.")) AS label, ")
                query.appendLiteral("\(tally.weeks.weekSQL(ofHour: startSQL("r.\(definition.time)", span: 1, sqlite: sqlite))) AS week, COUNT(*) AS n FROM ")
                // The period's rows through the source's (team, time) index; the fields computed for those only.
                let period = rows(source, from: "\(source.table) x", where: "x.team_id = ? AND x.\(definition.time) >= ? AND x.\(definition.time) < ?")
                query.appendInterpolation(binding(period, [team, from, to]))
                query.appendLiteral(" WHERE \(definition.condition.replacingOccurrences(of: "$.", with: "r.")) GROUP BY 2, 3")
            }
        }
        try await tally.add(sql.raw(query).all())
    }
}
