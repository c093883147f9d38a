import Foundation

/// Which comes first in a date written with slashes: `02/27/2026` (month) or `27/02/2026` (day).
public enum DateOrder: String, Sendable, Equatable {
    case mdy, dmy
}

/// Dates as CRMs and spreadsheets write them, keeping the time and zone when there is one:
/// `2026-02-27`, `2026-02-27 16:04`, `2026-02-27T16:04:00+01:00`, `02/27/2026`, `2/27/26 4:04 PM`,
/// `27/02/2026` (day first only when the file's convention says so), `27.02.2026 16:04` (always day
/// first). A time without a zone is read as UTC.
public enum DateText {
    public enum Reading: Equatable, Sendable {
        case date(Date, shows: DateOrder?)
        case ambiguous(String)
        case invalid(String)
    }

    public static func read(_ raw: String, order: DateOrder?) -> Reading {
        let text = ScalarSpace.trimmedString(raw)
        // `count` counts `Character`s; no more UTF-8 bytes than the limit means no more characters either.
        guard !text.isEmpty, text.utf8.count <= 40 || text.count <= 40 else { return .invalid("is not a date") }
        let scalars = Array(text.unicodeScalars)
        // The date part ends at the first space or T after it.
        let split = scalars.firstIndex(where: { $0 == " " || $0 == "T" || $0 == "t" }) ?? scalars.count
        let datePart = String(String.UnicodeScalarView(scalars[..<split]))
        let timePart = split < scalars.count ? String(ScalarSpace.trimmed(String(String.UnicodeScalarView(scalars[(split + 1)...])))) : ""

        var year = 0, month = 0, day = 0
        var shows: DateOrder?
        let isoParts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        let slashParts = datePart.split(separator: "/", omittingEmptySubsequences: false)
        let dotParts = datePart.split(separator: ".", omittingEmptySubsequences: false)
        func numbers(_ parts: [Substring]) -> [Int]? {
            let values = parts.compactMap { part -> Int? in
                guard !part.isEmpty, part.count <= 4, part.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
                return Int(part)
            }
            return values.count == parts.count ? values : nil
        }
        if isoParts.count == 3, isoParts[0].count == 4, let n = numbers(isoParts) {
            (year, month, day) = (n[0], n[1], n[2])
        } else if dotParts.count == 3, let n = numbers(dotParts), dotParts[2].count == 4 || dotParts[2].count == 2 {
            (day, month, year) = (n[0], n[1], n[2] < 100 ? 2000 + n[2] : n[2])
            shows = .dmy
        } else if slashParts.count == 3 || (isoParts.count == 3 && isoParts[2].count >= 2), let n = numbers(slashParts.count == 3 ? slashParts : isoParts) {
            let yearText = (slashParts.count == 3 ? slashParts : isoParts)[2]
            guard yearText.count == 4 || yearText.count == 2 else { return .invalid("is not a date") }
            year = n[2] < 100 ? 2000 + n[2] : n[2]
            let (a, b) = (n[0], n[1])
            if a > 12, b <= 12 {
                (day, month) = (a, b)
                shows = .dmy
            } else if b > 12, a <= 12 {
                (month, day) = (a, b)
                shows = .mdy
            } else if a == b || order != nil {
                (month, day) = order == .dmy ? (b, a) : (a, b)
            } else {
                return .ambiguous("\"\(raw)\" could be \(a)/\(b) as month/day or day/month; no other date in the file tells; use --date-order mdy or dmy")
            }
        } else {
            return .invalid("is not a date (write 2026-11-30, 11/30/2026 or 30.11.2026)")
        }
        guard year >= 1900, year <= 2200, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
            return .invalid("is not a date that exists")
        }
        var seconds = daysSince1970(year: year, month: month, day: day) * 86_400
        if !timePart.isEmpty {
            guard let time = readTime(timePart) else { return .invalid("has a time Rebound cannot read (write 16:04 or 4:04 PM)") }
            seconds += time.hour * 3600 + time.minute * 60 + time.second - time.offsetSeconds
        }
        return .date(Date(timeIntervalSince1970: TimeInterval(seconds)), shows: shows)
    }

    /// Days in a Gregorian month (1900-2200 is well inside the Gregorian calendar). Arithmetic instead
    /// of a `Calendar` made per value, which was most of the time dates took in an import.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `16:04`, `16:04:05`, `16:04:05.123`, `4:04 PM`, with `Z`, `+01:00`, `+0100` or ` UTC` after.
    static func readTime(_ raw: String) -> (hour: Int, minute: Int, second: Int, offsetSeconds: Int)? {
        var text = raw.uppercased()
        var offset = 0
        if text.hasSuffix("Z") { text.removeLast() } else if text.hasSuffix(" UTC") || text.hasSuffix(" GMT") { text.removeLast(4) }
        if let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = text[text.index(after: sign)...].replacingOccurrences(of: ":", with: "")
            guard zone.count == 4, let hours = Int(zone.prefix(2)), let minutes = Int(zone.suffix(2)), hours <= 14, minutes <= 59 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (text[sign] == "-" ? -1 : 1)
            text = String(text[..<sign])
        }
        text = String(ScalarSpace.trimmed(text))
        var pm: Bool?
        if text.hasSuffix("AM") || text.hasSuffix("PM") {
            pm = text.hasSuffix("PM")
            text = String(ScalarSpace.trimmed(text.dropLast(2)))
        }
        let parts = text.split(separator: ":")
        guard (2...3).contains(parts.count), let hour = Int(parts[0]), let minute = Int(parts[1]), minute <= 59 else { return nil }
        let second = parts.count == 3 ? Int(Double(parts[2]) ?? -1) : 0
        guard (0...59).contains(second) else { return nil }
        var hour24 = hour
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour24 = hour % 12 + (pm ? 12 : 0)
        }
        guard (0...23).contains(hour24) else { return nil }
        return (hour24, minute, second, offset)
    }
}
