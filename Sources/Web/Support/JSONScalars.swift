import Domain
import Foundation

/// A typed id, written as its lower-case UUID without going through `description`'s string.
protocol JSONIdentifier {
    var rawValue: UUID { get }
}

extension Identifier: JSONIdentifier {}

/// Leaves of the API's JSON written straight to bytes, each the same text Foundation writes.
enum JSONScalars {
    /// `date.formatted(.iso8601)`, quoted: `"2026-12-02T07:10:21Z"`, whole seconds rounded down, in UTC.
    /// By arithmetic on days (the civil-from-days algorithm) rather than through a formatter, which was
    /// a tenth of a list's encoding. Dates before the Gregorian calendar began (15 October 1582, before
    /// which Foundation writes Julian dates) or after 9999 go to Foundation.
    static func appendISO8601(_ date: Date, to bytes: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, interval >= -12_219_292_800, interval < 253_402_300_800 else {
            Escape.json(date.formatted(.iso8601), into: &bytes)
            return
        }
        let seconds = Int64(interval.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = Int(seconds - days * 86_400)
        // Howard Hinnant's days_from_civil, inverted: an era is 400 years of 146,097 days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))

        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }
}
