import Domain
import Foundation
import Testing

/// Working days and the weekend rule are the team's: counted in its zone, across daylight-saving changes.
@Suite struct WorkingDaysTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func policy(skipping: Bool, zone: TimeZone) -> ReviewPolicy {
        var policy = ReviewPolicy(timeBoxMinutes: 10, badTimeBoxMinutes: 30, reflectionDueMinutes: 120, coolOffHours: 24, debriefDueHours: 72, skipWeekends: skipping)
        policy.zone = zone
        return policy
    }

    @Test func aDueTimeOnTheTeamsSaturdayMovesToMondayAtTheSameWallClockTime() {
        // Friday 23:00 in Chicago (CST) + 2 h = Saturday 01:00 → Monday 01:00 CST.
        let friday = at("2026-11-28T05:00:00Z")
        #expect(policy(skipping: true, zone: chicago).reflectionDue(occurredAt: friday) == at("2026-11-30T07:00:00Z"))
        #expect(policy(skipping: false, zone: chicago).reflectionDue(occurredAt: friday) == at("2026-11-28T07:00:00Z"))
    }

    @Test func theWeekendIsTheTeamsNotUTCs() {
        // Friday 19:00 in Chicago is already Saturday 01:00 UTC; due at 21:00 Friday in Chicago it stays.
        let friday = at("2026-11-28T01:00:00Z")
        #expect(policy(skipping: true, zone: chicago).reflectionDue(occurredAt: friday) == at("2026-11-28T03:00:00Z"))
        #expect(policy(skipping: true, zone: .gmt).reflectionDue(occurredAt: friday) == at("2026-11-30T03:00:00Z"))
    }

    @Test func aWeekendThatChangesTheClocksStillLandsOnMondayAtTheSameLocalTime() {
        // Due Sunday 1 November 2026 at 01:30 CDT (the night the clocks fall back) → Monday 01:30 CST.
        let due = policy(skipping: true, zone: chicago).debriefDue(eventAt: at("2026-10-29T06:30:00Z"))
        #expect(due == at("2026-11-02T07:30:00Z"))
        // Cooling off from Friday noon CDT lands on Saturday noon → Monday noon.
        #expect(policy(skipping: true, zone: chicago).deferredDue(currentDue: at("2026-10-30T17:00:00Z"), now: at("2026-10-30T17:00:00Z")) == at("2026-11-02T18:00:00Z"))
    }

    @Test func workingDaysAreCountedInTheZone() {
        // Friday 21:00 in Chicago is already Saturday in UTC: the next working day is Monday evening in
        // Chicago, where counting in UTC gives Monday 03:00 UTC, still Sunday night in Chicago.
        let friday = at("2026-11-28T03:00:00Z")
        #expect(WorkingDays.add(1, to: friday, in: chicago) == at("2026-12-01T03:00:00Z"))
        #expect(WorkingDays.add(1, to: friday, in: .gmt) == at("2026-11-30T03:00:00Z"))
    }
}
