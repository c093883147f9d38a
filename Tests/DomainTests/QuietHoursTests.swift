import Domain
import Foundation
import Testing

/// Quiet hours are hours of the member's own day, across daylight-saving changes.
@Suite struct QuietHoursTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func anOvernightWindowHoldsTheLateEveningAndTheEarlyMorningButNotTheDay() {
        let quiet = QuietHours(from: 20, to: 8)!
        #expect(quiet.contains(at("2026-07-01T02:30:00Z"), in: chicago))  // 21:30 CDT
        #expect(quiet.contains(at("2026-07-01T12:59:00Z"), in: chicago))  // 07:59
        #expect(!quiet.contains(at("2026-07-01T13:00:00Z"), in: chicago))  // 08:00
        #expect(!quiet.contains(at("2026-07-01T17:00:00Z"), in: chicago))  // noon
    }

    @Test func aMessageHeldOvernightGoesAtTheEndHourInTheZoneOnEitherSideOfADSTChange() {
        let quiet = QuietHours(from: 20, to: 8)!
        // The spring-forward night (8 March 2026): 02:00 CST jumps to 03:00 CDT. 23:00 CST is 05:00 UTC;
        // 08:00 CDT the next morning is 13:00 UTC.
        #expect(quiet.nextAllowed(after: at("2026-03-08T05:00:00Z"), in: chicago) == at("2026-03-08T13:00:00Z"))
        // The fall-back night (1 November 2026): 08:00 CST is 14:00 UTC.
        #expect(quiet.nextAllowed(after: at("2026-11-01T04:00:00Z"), in: chicago) == at("2026-11-01T14:00:00Z"))
        // Outside the window nothing waits.
        let noon = at("2026-11-01T18:00:00Z")
        #expect(quiet.nextAllowed(after: noon, in: chicago) == noon)
    }

    @Test func aWindowEndingAtAnHourTheClockSkipsEndsAtTheFirstMomentAfterIt() {
        // Quiet from midnight until 02:00; on 8 March 2026 02:00 does not exist in Chicago.
        let quiet = QuietHours(from: 0, to: 2)!
        let held = quiet.nextAllowed(after: at("2026-03-08T07:30:00Z"), in: chicago)  // 01:30 CST
        #expect(held == at("2026-03-08T08:00:00Z"))  // 03:00 CDT
        #expect(!quiet.contains(held, in: chicago))
    }

    @Test func aHalfHourZoneCountsWholeLocalHours() {
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        let quiet = QuietHours(from: 22, to: 7)!
        #expect(quiet.nextAllowed(after: at("2026-07-01T17:00:00Z"), in: kolkata) == at("2026-07-02T01:30:00Z"))  // 22:30 → 07:00 IST
    }

    @Test func hoursOutsideTheDayOrAnEmptyWindowAreRefused() {
        #expect(QuietHours(from: 24, to: 7) == nil)
        #expect(QuietHours(from: -1, to: 7) == nil)
        #expect(QuietHours(from: 7, to: 7) == nil)
        var v = Validator()
        _ = EmailPreferenceRules.quietHours(from: Int.max, to: 3, into: &v)
        _ = EmailPreferenceRules.quietHours(from: 4, to: nil, into: &v)
        #expect(v.errors.map(\.field) == ["quietHours.from", "quietHours"])
    }
}
