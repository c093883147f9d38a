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
        // Reflections owed and completed, failures, recoveries, lost reasons and topics: kept counts,
        // brought up to date with the changes recorded since the last read (a write on SQLite).
        if sql.dialect.name == "sqlite" {
            // A fold is a write and waits for a commit; when nothing was written since the last, it is skipped.
            if try await InsightCounts.hasChanges(team: teamID, on: sql) {
                try await groupCommit { try await InsightCounts.fold(team: teamID, on: $0.sql()) }
            }
        } else {
            try await InsightCounts.fold(team: teamID, on: sql)
        }
        // Weeks are the team's: Monday to Monday in its zone.
        let zone = TimeZones.zone(try await self.team(team)?.timeZone)
        let counts = try await InsightCounts.tally(team: teamID, from: from, to: to, zone: zone, on: sql)

        // Time from failure to a completed debrief: a median, so from the rows; debriefs are few.
        let debriefs = try await sql.select().column("event_at").column("completed_at").from(DebriefRow.table)
            .where("team_id", .equal, teamID).where("completed_at", .greaterThanOrEqual, from).where("completed_at", .lessThan, to).all()
        let hours = try debriefs.map { row in
            try row.decode(column: "completed_at", as: Date.self).timeIntervalSince(try row.decode(column: "event_at", as: Date.self)) / 3600
        }

        // Questions from a bad call's reflection, answered before the follow-up meeting took place.
        // Every count of questions covers the library only: a question its rep kept private is as
        // private as the reflection it came from, and even its topic or its existence tells.
        // From the period's follow-ups (CROSS JOIN keeps them the outer loop on SQLite), not the library.
        let questions = try await sql.raw("""
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(CASE WHEN q.status = 'answered' AND q.closed_at <= f.occurred_at THEN 1 ELSE 0 END), 0) AS answered
            FROM interactions f CROSS JOIN reflections r CROSS JOIN questions q
            WHERE f.team_id = \(bind: teamID) AND f.follow_up_of_interaction_id IS NOT NULL
              AND f.occurred_at >= \(bind: from) AND f.occurred_at < \(bind: to)
              AND r.interaction_id = f.follow_up_of_interaction_id AND q.reflection_id = r.id
              AND q.team_id = \(bind: teamID) AND q.in_library = \(bind: true)
            """).first()

        // Tags counted by the database: decoding each lesson's tags was most of the time left here.
        let tags = sql.dialect.name == "sqlite" ? "json_each(lessons.tags) AS t" : "unnest(lessons.tags) AS t(value)"
        let tagCounts = try await sql.raw("""
            SELECT t.value AS label, COUNT(*) AS n FROM lessons, \(unsafeRaw: tags)
            WHERE lessons.team_id = \(bind: teamID) AND lessons.created_at >= \(bind: from) AND lessons.created_at < \(bind: to)
            GROUP BY 1
            """).all().map { Insights.Count(label: try $0.decode(column: "label", as: String.self), count: try $0.decode(column: "n", as: Int.self)) }
            .sorted { ($0.count, $1.label) > ($1.count, $0.label) }.prefix(8)
        // The literal conditions match the partial index's, which a bound value would not.
        let openQuestions = try await sql.raw("""
            SELECT COUNT(*) AS n FROM questions WHERE team_id = \(bind: teamID) AND status = 'open' AND in_library
            """).first()?.decode(column: "n", as: Int.self) ?? 0

        let recoveries = counts.top("recovery", .max)
        func labelled(_ metric: String) -> [Insights.Count] { counts.top(metric, 8).map { Insights.Count(label: $0.label, count: $0.count) } }
        return Insights(
            from: from, to: to, reflectionsDue: counts.total("due"), reflectionsCompleted: counts.total("completed"),
            reflectionsOnTime: counts.total("on_time"),
            medianHoursToDebrief: Insights.median(hours), debriefsCompleted: hours.count,
            questionsBeforeFollowUp: try questions?.decode(column: "total", as: Int.self) ?? 0,
            questionsAnsweredBeforeFollowUp: try questions?.decode(column: "answered", as: Int.self) ?? 0,
            followUpsWithResult: recoveries.reduce(0) { $0 + $1.count },
            recovered: recoveries.first { $0.label == RecoveryStatus.recovered.rawValue }?.count ?? 0,
            openQuestions: openQuestions,
            lostReasons: labelled("lost_reason"), lossReasonThemes: try await lossReasonThemes(team, counts),
            questionTopics: labelled("topic"), lessonTags: Array(tagCounts),
            weeks: Insights.weeks(
                from: from, to: to, failuresPerWeek: counts.weekly("bad", "lost"), completionsPerWeek: counts.weekly("completion"), zone: zone),
            zone: zone)
    }

    /// Each lost deal's CRM text mapped to the team's reasons (confirmed mapping, else the suggestion
    /// from its words), beside what its debrief concluded: from the kept loss pairs, `concluded|crm`.
    private func lossReasonThemes(_ team: TeamID, _ counts: InsightCounts.Tally) async throws -> [LossReasonComparison] {
        let reasons = try await lossReasons(of: team)
        let mappings = Dictionary(try await lossReasonMappings(of: team).map { ($0.crmReason, $0.reasonKey) }, uniquingKeysWith: { first, _ in first })
        let pairs = counts.top("loss_pair", .max).flatMap { pair in
            let parts = pair.label.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let concluded = parts[0].isEmpty ? nil : String(parts[0])
            let text = LossReasonMapping.normalise(parts.count > 1 ? String(parts[1]) : "")
            let key = text.isEmpty ? LossReason.unknown.key : mappings[text] ?? LossReasonMapping.suggest(for: text, among: reasons)
            return Array(repeating: (crm: key, concluded: concluded), count: pair.count)
        }
        return LossReasonComparison.compare(pairs, reasons: reasons)
    }

    public func foldInsightChanges() async throws {
        let sql = db.sql()
        if sql.dialect.name == "sqlite" {
            // A write, so skipped when there is nothing to move.
            if try await InsightCounts.hasChanges(team: nil, on: sql) {
                try await groupCommit { try await InsightCounts.fold(team: nil, on: $0.sql()) }
            }
        } else {
            try await InsightCounts.fold(team: nil, on: sql)
        }
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
}
