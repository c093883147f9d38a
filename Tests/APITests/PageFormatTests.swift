import Foundation
import Testing

@testable import Web

/// Times on pages are shown, and form times read, in the viewer's zone, across daylight-saving changes.
@Suite struct PageFormatTests {
    let chicago = TimeZone(identifier: "America/Chicago")!
    let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func aFormTimeIsReadInTheViewersZoneAcrossDaylightSavingChanges() {
        #expect(PageFormat.formDateTime("2026-07-01T09:00", in: chicago) == utc("2026-07-01T14:00:00Z"), "summer: UTC-5")
        #expect(PageFormat.formDateTime("2026-01-15T09:00", in: chicago) == utc("2026-01-15T15:00:00Z"), "winter: UTC-6")
        #expect(PageFormat.formDateTime("2026-07-01T09:00", in: kolkata) == utc("2026-07-01T03:30:00Z"), "a half-hour zone")
        #expect(PageFormat.formDateTime("2026-07-01T09:00", in: .gmt) == utc("2026-07-01T09:00:00Z"))
        // 02:30 does not exist on the spring-forward night: read as the same span after the gap, 03:30 CDT.
        #expect(PageFormat.formDateTime("2026-03-08T02:30", in: chicago) == utc("2026-03-08T08:30:00Z"))
        // 01:30 happens twice on the fall-back night: the first, in CDT.
        #expect(PageFormat.formDateTime("2026-11-01T01:30", in: chicago) == utc("2026-11-01T06:30:00Z"))
        // A full ISO 8601 time carries its own offset.
        #expect(PageFormat.formDateTime("2026-07-01T09:00:00Z", in: chicago) == utc("2026-07-01T09:00:00Z"))
        for bad in ["2026-02-30T09:00", "2026-07-01T25:00", "2026-07-01 09:00", "２０２６-07-01T09:00", "2026-07-01T09:0\u{301}"] {
            #expect(PageFormat.formDateTime(bad, in: chicago) == nil, "\(bad.debugDescription)")
        }
    }

    @Test func aFormsDefaultTimeIsTheViewersWallClockAndReadsBackToTheSameMinute() {
        let moments = [utc("2026-07-01T14:05:00Z"), utc("2026-01-15T23:59:00Z"), utc("2026-03-08T08:30:00Z"), utc("2026-11-01T07:30:00Z")]
        for zone in [chicago, kolkata, TimeZone.gmt] {
            for moment in moments {
                let value = PageFormat.formValue(moment, in: zone)
                #expect(value.utf8.count == 16)
                #expect(PageFormat.formDateTime(value, in: zone) == moment || zone == chicago && moment == utc("2026-11-01T07:30:00Z"),
                        "\(value) in \(zone.identifier)")
            }
        }
        #expect(PageFormat.formValue(utc("2026-07-01T14:05:00Z"), in: chicago) == "2026-07-01T09:05")
        #expect(PageFormat.formValue(utc("2026-07-01T14:05:00Z"), in: kolkata) == "2026-07-01T19:35")
    }

    @Test func momentsAreShownInTheViewersZoneAndNamedCalendarDatesAreNot() {
        let moment = utc("2026-07-01T03:30:00Z")
        let inChicago = PageFormat.dateTime(moment, in: chicago)
        let inUTC = PageFormat.dateTime(moment, in: .gmt)

        #expect(inChicago.contains("10:30") && inChicago.contains("30 Jun") || inChicago.contains("Jun 30"), "\(inChicago)")
        #expect(inChicago.hasSuffix(PageFormat.zoneName(chicago, at: moment)) && !inChicago.hasSuffix("UTC"), "\(inChicago)")
        #expect(inUTC.contains("3:30") && inUTC.hasSuffix(" UTC"), "\(inUTC)")
        #expect(PageFormat.day(moment, in: chicago) != PageFormat.day(moment, in: .gmt), "the day a moment falls on depends on the zone")
        let due = utc("2030-01-15T00:00:00Z")
        #expect(PageFormat.calendarDay(due).contains("15"), "a due date is the same day everywhere")
    }
}
