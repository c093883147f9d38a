import Domain
import Foundation
import Storage
import Testing
import TestSupport

/// The insights' weeks are the team's: Monday 00:00 to Monday 00:00 in its zone, across daylight-saving
/// changes, whether a count comes from the kept hourly counts or from the rows at a period's ends.
@Suite struct InsightWeeksTests {
    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func weeks(_ insights: Insights) -> [String] {
        insights.weeks.map { "\(ISO8601DateFormatter().string(from: $0.start)) \($0.failures)" }
    }

    @Test(arguments: TestDatabase.enabled)
    func aCallLateOnSundayCountsInTheWeekThatEndsAndOneJustAfterMidnightInTheNextInTheTeamsZone(database: TestDatabase) async throws {
        try await database.withWorld { world in
            var team = world.team
            team.timeZone = "America/Chicago"
            try await world.repositories.teams.updateTeam(team)
            for time in [
                "2026-10-26T04:45:00Z",  // Sunday 25 October, 23:45 CDT: the week of 19 October
                "2026-10-26T05:15:00Z",  // Monday 26 October, 00:15 CDT
                "2026-11-02T05:30:00Z",  // Sunday 1 November, 23:30 CST (the clocks fell back that night): still the week of 26 October
                "2026-11-02T06:30:00Z",  // Monday 2 November, 00:30 CST
            ] {
                let call = Interaction(
                    teamID: team.id, accountID: world.account.id, repID: world.rep.id, kind: .call, occurredAt: at(time), outcome: .bad,
                    summary: "Pricing", createdAt: at(time))
                try await world.repositories.interactions.createInteraction(call, reflection: Reflection.owed(for: call, policy: team.duePolicy, now: at(time)))
            }

            // From and to inside hours, so the ends are counted from the rows and the middle from the kept counts.
            let chicago = try await world.repositories.insights.insights(in: team.id, from: at("2026-10-19T05:20:00Z"), to: at("2026-11-09T06:10:00Z"))
            #expect(weeks(chicago) == ["2026-10-19T05:00:00Z 1", "2026-10-26T05:00:00Z 2", "2026-11-02T06:00:00Z 1", "2026-11-09T06:00:00Z 0"])
            #expect(chicago.zone.identifier == "America/Chicago")

            // The same calls for a team in UTC: Monday 00:00 UTC splits them differently.
            team.timeZone = "UTC"
            try await world.repositories.teams.updateTeam(team)
            let utc = try await world.repositories.insights.insights(in: team.id, from: at("2026-10-19T05:20:00Z"), to: at("2026-11-09T06:10:00Z"))
            #expect(weeks(utc) == ["2026-10-19T00:00:00Z 0", "2026-10-26T00:00:00Z 2", "2026-11-02T00:00:00Z 2", "2026-11-09T00:00:00Z 0"])
        }
    }
}
