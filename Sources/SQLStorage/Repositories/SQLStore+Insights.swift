import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: InsightsRepository {
    public func insights(in team: TeamID, from: Date, to: Date) async throws -> Insights {
        let db = self.db
        let sql = db.sql()
        let teamID = team.rawValue

        // Reflections owed in the period: how many were completed, and how many by their due time.
        let reflections = try await sql.raw("""
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS completed,
                   COALESCE(SUM(CASE WHEN status = 'completed' AND completed_at <= due_at THEN 1 ELSE 0 END), 0) AS on_time
            FROM reflections
            WHERE team_id = \(bind: teamID) AND status <> 'skipped' AND due_at >= \(bind: from) AND due_at < \(bind: to)
            """).first()
        let due = try reflections?.decode(column: "total", as: Int.self) ?? 0
        let completed = try reflections?.decode(column: "completed", as: Int.self) ?? 0
        let onTime = try reflections?.decode(column: "on_time", as: Int.self) ?? 0

        // Time from failure to a completed debrief.
        let debriefs = try await sql.select().column("event_at").column("completed_at").from(DebriefRow.table)
            .where("team_id", .equal, teamID).where("completed_at", .greaterThanOrEqual, from).where("completed_at", .lessThan, to).all()
        let hours = try debriefs.map { row in
            try row.decode(column: "completed_at", as: Date.self).timeIntervalSince(try row.decode(column: "event_at", as: Date.self)) / 3600
        }

        // Questions from a bad call's reflection, answered before the follow-up meeting took place.
        // Every count of questions covers the library only: a question its rep kept private is as
        // private as the reflection it came from, and even its topic or its existence tells.
        let questions = try await sql.raw("""
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(CASE WHEN q.status = 'answered' AND q.closed_at <= f.occurred_at THEN 1 ELSE 0 END), 0) AS answered
            FROM questions q
            JOIN reflections r ON r.id = q.reflection_id
            JOIN interactions f ON f.follow_up_of_interaction_id = r.interaction_id
            WHERE q.team_id = \(bind: teamID) AND q.in_library = \(bind: true) AND f.occurred_at >= \(bind: from) AND f.occurred_at < \(bind: to)
            """).first()

        let recoveries = try await sql.raw("""
            SELECT recovery, COUNT(*) AS n FROM interactions
            WHERE team_id = \(bind: teamID) AND recovery IS NOT NULL AND occurred_at >= \(bind: from) AND occurred_at < \(bind: to)
            GROUP BY recovery
            """).all()
        var byRecovery: [String: Int] = [:]
        for row in recoveries { byRecovery[try row.decode(column: "recovery", as: String.self)] = try row.decode(column: "n", as: Int.self) }

        let lostReasons = try await counts(sql, """
            SELECT lost_reason AS label, COUNT(*) AS n FROM deals
            WHERE team_id = \(bind: teamID) AND lost_reason IS NOT NULL AND failed_at >= \(bind: from) AND failed_at < \(bind: to)
            GROUP BY lost_reason ORDER BY n DESC, lost_reason LIMIT 8
            """)
        let topics = try await counts(sql, """
            SELECT topic AS label, COUNT(*) AS n FROM questions
            WHERE team_id = \(bind: teamID) AND in_library = \(bind: true) AND topic IS NOT NULL AND created_at >= \(bind: from) AND created_at < \(bind: to)
            GROUP BY topic ORDER BY n DESC, topic LIMIT 8
            """)
        let lessonTags = try await sql.select().column("tags").from(LessonRow.table).where("team_id", .equal, teamID)
            .where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to).all()
            .flatMap { try $0.decode(column: "tags", as: [String].self) }
        let tagCounts = Dictionary(grouping: lessonTags, by: { $0 }).map { Insights.Count(label: $0.key, count: $0.value.count) }
            .sorted { ($0.count, $1.label) > ($1.count, $0.label) }.prefix(8)

        // Weekly: failures (bad interactions and lost or cancelled deals) and reflections completed,
        // counted per ISO week by the database, so the rows returned do not grow with the data.
        let badCalls = try await weekly(sql, "occurred_at", """
            FROM interactions
            WHERE team_id = \(bind: teamID) AND outcome = 'bad' AND occurred_at >= \(bind: from) AND occurred_at < \(bind: to)
            """)
        let lostDeals = try await weekly(sql, "failed_at", """
            FROM deals WHERE team_id = \(bind: teamID) AND failed_at >= \(bind: from) AND failed_at < \(bind: to)
            """)
        let completions = try await weekly(sql, "completed_at", """
            FROM reflections
            WHERE team_id = \(bind: teamID) AND completed_at >= \(bind: from) AND completed_at < \(bind: to)
            """)

        return Insights(
            from: from, to: to, reflectionsDue: due, reflectionsCompleted: completed, reflectionsOnTime: onTime,
            medianHoursToDebrief: Insights.median(hours), debriefsCompleted: hours.count,
            questionsBeforeFollowUp: try questions?.decode(column: "total", as: Int.self) ?? 0,
            questionsAnsweredBeforeFollowUp: try questions?.decode(column: "answered", as: Int.self) ?? 0,
            followUpsWithResult: byRecovery.values.reduce(0, +), recovered: byRecovery[RecoveryStatus.recovered.rawValue] ?? 0,
            openQuestions: try await Self.count(QuestionRow.self, on: db) {
                $0.where("team_id", .equal, teamID).where("in_library", .equal, true).where("status", .equal, QuestionStatus.open.rawValue)
            },
            lostReasons: lostReasons, lossReasonThemes: try await lossReasonThemes(team, from: from, to: to), questionTopics: topics,
            lessonTags: Array(tagCounts),
            weeks: Insights.weeks(from: from, to: to, failuresPerWeek: badCalls.merging(lostDeals, uniquingKeysWith: +), completionsPerWeek: completions))
    }

    /// Each lost deal's CRM text mapped to the team's reasons (confirmed mapping, else the suggestion
    /// from its words), beside what its debrief concluded.
    private func lossReasonThemes(_ team: TeamID, from: Date, to: Date) async throws -> [LossReasonComparison] {
        let reasons = try await lossReasons(of: team)
        let mappings = Dictionary(try await lossReasonMappings(of: team).map { ($0.crmReason, $0.reasonKey) }, uniquingKeysWith: { first, _ in first })
        let pairs = try await lossReasonPairs(in: team, from: from, to: to).map { pair in
            let text = LossReasonMapping.normalise(pair.crm)
            let key = text.isEmpty ? LossReason.unknown.key : mappings[text] ?? LossReasonMapping.suggest(for: text, among: reasons)
            return (crm: key, concluded: pair.concluded)
        }
        return LossReasonComparison.compare(pairs, reasons: reasons)
    }

    public func operationalCounts(at now: Date) async throws -> OperationalCounts {
        let db = self.db
        let pending = ReflectionStatus.pending.rawValue
        let completed = DebriefStatus.completed.rawValue
        return OperationalCounts(
            reflectionsPending: try await Self.count(ReflectionRow.self, on: db) { $0.where("status", .equal, pending) },
            reflectionsOverdue: try await Self.count(ReflectionRow.self, on: db) { $0.where("status", .equal, pending).where("due_at", .lessThan, now) },
            debriefsOpen: try await Self.count(DebriefRow.self, on: db) { $0.where("status", .notEqual, completed) },
            debriefsOverdue: try await Self.count(DebriefRow.self, on: db) { $0.where("status", .notEqual, completed).where("due_at", .lessThan, now) },
            questionsOpen: try await Self.count(QuestionRow.self, on: db) { $0.where("status", .equal, QuestionStatus.open.rawValue) },
            actionItemsOpen: try await Self.count(ActionItemRow.self, on: db) { $0.where("status", .equal, ActionStatus.open.rawValue) })
    }

    /// Rows per ISO week (Monday 00:00 UTC) of `column`, keyed by the week's start. Monday 1970-01-05
    /// is 345,600 s after the epoch; SQLite keeps dates as epoch seconds, PostgreSQL as timestamps.
    private func weekly(_ sql: any SQLDatabase, _ column: String, _ rest: SQLQueryString) async throws -> [Date: Int] {
        // SQLite has no FLOOR; its CAST truncates, which is the floor for dates after 1970.
        let bucket = sql.dialect.name == "sqlite"
            ? "CAST((\(column) - 345600) / 604800 AS INTEGER)" : "CAST(FLOOR((EXTRACT(EPOCH FROM \(column)) - 345600) / 604800) AS BIGINT)"
        var query = SQLQueryString("SELECT \(unsafeRaw: bucket) AS week, COUNT(*) AS n ")
        query.appendInterpolation(rest)
        query.appendLiteral(" GROUP BY 1")
        var counts: [Date: Int] = [:]
        for row in try await sql.raw(query).all() {
            let week = try row.decode(column: "week", as: Int.self)
            counts[Date(timeIntervalSince1970: Double(week) * 604_800 + 345_600)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    private func counts(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> [Insights.Count] {
        try await sql.raw(query).all().map {
            Insights.Count(label: try $0.decode(column: "label", as: String.self), count: try $0.decode(column: "n", as: Int.self))
        }
    }
}
