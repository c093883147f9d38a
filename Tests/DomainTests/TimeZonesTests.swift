import Foundation
import Testing

@testable import Domain

@Suite struct TimeZonesTests {
    @Test func ianaNamesAreKnownIncludingOnesFoundationsOwnListLacks() {
        for name in ["UTC", "America/Chicago", "Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Australia/Adelaide", "Etc/GMT+5"] {
            #expect(TimeZones.isKnown(name), "\(name)")
        }
    }

    @Test func abbreviationsOffsetsLookalikesAndJunkAreNot() {
        let refused = [
            "", "CST", "GMT+5", "GMT", "Z", "america/chicago", "Mars/Olympus_Mons", "America/Chicago\u{301}", "America/Chicago\u{0}",
            "America/Chicago ", " America/Chicago", "Europe/Berlin\r\nX", "../../etc/passwd", "/America/Chicago", "America/\u{202E}ogacihC",
            String(repeating: "A/", count: 50_000),
        ]
        for name in refused { #expect(!TimeZones.isKnown(name), "\(name.debugDescription)") }
    }
}
