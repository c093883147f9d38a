import App
import Domain
import FluentKit
import Foundation
import SQLKit
@testable import SQLStorage
import Storage
import Testing
import TestSupport

/// The counts the insights read are kept by triggers; whatever writes the rows (a bulk load, one row
/// at a time, many rows in one statement, several connections at once), a period's kept counts equal
/// the counts taken from the rows themselves.
@Suite struct InsightCountsTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000.5)

    @Test(arguments: TestDatabase.enabled)
    func keptCountsEqualTheRowsAfterEveryKindOfWrite(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 1500, seed: 11, now: now)
            let team = summary.team.id.rawValue
            let sql = service.database().sql()
            try await expectKeptCountsMatchRows(team: team, on: sql, "after the bulk load")

            // Many rows in one statement: statuses, times, labels and library membership change.
            let changes = [
                "UPDATE reflections SET status = 'completed', completed_at = due_at WHERE team_id = $T AND status = 'pending' AND id IN (SELECT id FROM reflections WHERE team_id = $T ORDER BY id LIMIT 200)",
                "UPDATE reflections SET status = 'skipped' WHERE team_id = $T AND id IN (SELECT id FROM reflections WHERE team_id = $T ORDER BY id DESC LIMIT 150)",
                "UPDATE interactions SET recovery = CASE WHEN outcome = 'bad' THEN 'recovered' ELSE 'lost-for-good' END WHERE team_id = $T AND id IN (SELECT id FROM interactions WHERE team_id = $T ORDER BY id LIMIT 300)",
                "UPDATE interactions SET outcome = 'bad' WHERE team_id = $T AND id IN (SELECT id FROM interactions WHERE team_id = $T ORDER BY id DESC LIMIT 100)",
                "UPDATE deals SET lost_reason = 'Champion left' WHERE team_id = $T AND failed_at IS NOT NULL AND id IN (SELECT id FROM deals WHERE team_id = $T ORDER BY id LIMIT 40)",
                "UPDATE questions SET in_library = NOT in_library, topic = 'renewals' WHERE team_id = $T AND id IN (SELECT id FROM questions WHERE team_id = $T ORDER BY id LIMIT 60)",
                "UPDATE debriefs SET concluded_loss_reason = 'price' WHERE team_id = $T AND deal_id IS NOT NULL AND id IN (SELECT id FROM debriefs WHERE team_id = $T AND deal_id IS NOT NULL ORDER BY id LIMIT 25)",
                "UPDATE debriefs SET concluded_loss_reason = NULL WHERE team_id = $T AND id IN (SELECT id FROM debriefs WHERE team_id = $T AND deal_id IS NOT NULL ORDER BY id LIMIT 5)",
                "UPDATE deals SET lost_reason = NULL WHERE team_id = $T AND id IN (SELECT deal_id FROM debriefs WHERE team_id = $T AND concluded_loss_reason IS NOT NULL)",
                "DELETE FROM questions WHERE team_id = $T AND id IN (SELECT id FROM questions WHERE team_id = $T ORDER BY id DESC LIMIT 30)",
            ]
            for change in changes {
                try await sql.raw(SQLQueryString(change.replacingOccurrences(of: "$T", with: "'\(sql.dialect.name == "sqlite" ? team.uuidString : team.uuidString.lowercased())'"))).run()
                try await expectKeptCountsMatchRows(team: team, on: sql, change)
            }

            // One row at a time, through the repositories, moving rows across hours and weeks.
            let pending = try await sql.select().column("id").from("reflections").where("team_id", .equal, team).where("status", .equal, "pending")
                .orderBy("id").limit(20).all().map { try $0.decode(column: "id", as: UUID.self) }
            #expect(pending.count == 20)
            for id in pending {
                var reflection = try #require(try await repositories.reflections.reflection(ReflectionID(id), in: summary.team.id))
                try reflection.edit(ReflectionNotes([.whatWentWell: "Clear agenda"]), at: reflection.dueAt)
                try reflection.complete(at: reflection.dueAt.addingTimeInterval(5_000))
                try await repositories.reflections.updateReflection(reflection, revision: nil)
            }
            try await expectKeptCountsMatchRows(team: team, on: sql, "after completing reflections one by one")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func concurrentWritersKeepTheCountsExact(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 400, seed: 5, now: now)
            let team = summary.team.id
            let account = try #require(try await repositories.accounts.accounts(in: team, filter: AccountFilter(), page: Paging(limit: 1)).items.first)
            let rep = try #require(try await repositories.members.members(in: team).first)

            // The same hours from many connections at once: PostgreSQL writers append, they never wait on a count.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        for call in 0..<10 {
                            let at = now.addingTimeInterval(Double(-(writer * 10 + call) * 60))
                            let interaction = Interaction(
                                teamID: team, accountID: account.id, repID: rep.id, kind: .call, occurredAt: at,
                                outcome: call % 2 == 0 ? .bad : .good, createdAt: at)
                            try await repositories.interactions.createInteraction(
                                interaction, reflection: Reflection.owed(for: interaction, policy: summary.team.reviewPolicy, now: at))
                        }
                    }
                }
                try await group.waitForAll()
            }

            try await expectKeptCountsMatchRows(team: team.rawValue, on: service.database().sql(), "after 16 concurrent writers")
        }
    }

    /// The timed fold (`InsightsFoldService`) moves every team's changes at once, so a team whose
    /// insights nobody reads does not pile up one log row per written row.
    @Test(arguments: TestDatabase.enabled)
    func foldingEveryTeamLeavesNoChangesAndTheSameCounts(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let first = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 300, seed: 3, now: now)
            let second = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 300, seed: 4, now: now)
            let sql = service.database().sql()
            for summary in [first, second] {
                let team = summary.team.id
                let account = try #require(try await repositories.accounts.accounts(in: team, filter: AccountFilter(), page: Paging(limit: 1)).items.first)
                let rep = try #require(try await repositories.members.members(in: team).first)
                for call in 0..<5 {
                    let at = now.addingTimeInterval(Double(-call * 3_600))
                    let interaction = Interaction(teamID: team, accountID: account.id, repID: rep.id, kind: .call, occurredAt: at, outcome: .bad, createdAt: at)
                    try await repositories.interactions.createInteraction(
                        interaction, reflection: Reflection.owed(for: interaction, policy: summary.team.reviewPolicy, now: at))
                }
            }
            #expect(try await Self.waitingChanges(on: sql) > 0, "the writes were recorded")

            try await repositories.insights.foldInsightChanges()

            #expect(try await Self.waitingChanges(on: sql) == 0)
            for summary in [first, second] {
                try await expectKeptCountsMatchRows(team: summary.team.id.rawValue, on: sql, "after the timed fold")
            }
            try await repositories.insights.foldInsightChanges()  // nothing to move: a no-op, not an error
        }
    }

    /// Change rows not yet folded: SQLite's per-table logs, PostgreSQL's deltas.
    static func waitingChanges(on sql: any SQLDatabase) async throws -> Int {
        let tables = sql.dialect.name == "sqlite" ? InsightCounts.sources.map { "insight_log_\($0.table)" } : ["insight_count_deltas"]
        var total = 0
        for table in tables {
            total += try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return total
    }

    /// Periods that start and end mid-hour, a period within one hour, and the longest the API allows.
    func expectKeptCountsMatchRows(team: UUID, on sql: any SQLDatabase, _ when: String) async throws {
        let periods: [(Date, Date)] = [
            (now.addingTimeInterval(-400 * 86_400), now.addingTimeInterval(3_600)),
            (now.addingTimeInterval(-84 * 86_400 + 1_234.5), now.addingTimeInterval(-777)),
            (now.addingTimeInterval(-30 * 86_400 - 1_800), now.addingTimeInterval(-29 * 86_400 + 60)),
            (now.addingTimeInterval(-5 * 86_400 + 100), now.addingTimeInterval(-5 * 86_400 + 3_000)),
        ]
        try await InsightCounts.fold(team: team, on: sql)
        if sql.dialect.name == "sqlite" {
            #expect(try await !InsightCounts.hasChanges(team: team, on: sql))
            for source in InsightCounts.sources {
                let left = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: "insight_log_\(source.table)")").first()
                #expect(try left?.decode(column: "n", as: Int.self) == 0, "\(when): the fold leaves no change of \(source.table) behind")
            }
        }
        // Weeks in UTC, in zones behind and ahead of it with daylight saving, and in a half-hour zone.
        let zones = ["UTC", "America/Chicago", "Europe/Berlin", "Asia/Kolkata"].map { TimeZone(identifier: $0)! }
        for (from, to) in periods {
            for zone in zones {
                let kept = try await InsightCounts.tally(team: team, from: from, to: to, zone: zone, on: sql)
                var rows = InsightCounts.Tally()
                rows.weeks = InsightWeeks(zone: zone, from: from, to: to)
                try await InsightCounts.countRows(team: team, from: from, to: to, into: &rows, on: sql)
                #expect(Self.nonZero(kept) == Self.nonZero(rows), "\(when): \(from) to \(to) in \(zone.identifier)")
                #expect(rows.total("due") > 0 || to.timeIntervalSince(from) < 86_400, "the period has rows to count")
            }
        }
    }

    static func nonZero(_ tally: InsightCounts.Tally) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for (metric, labels) in tally.byLabel { result[metric] = labels.filter { $0.value != 0 } }
        for (metric, weeks) in tally.byWeek { result["\(metric) by week"] = Dictionary(uniqueKeysWithValues: weeks.filter { $0.value != 0 }.map { ("\($0.key)", $0.value) }) }
        return result.filter { !$0.value.isEmpty }
    }
}
