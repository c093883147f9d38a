import Domain
import Foundation

/// DateText as it was before scalar trimming and calendar arithmetic (commit 3064d23), kept as the
/// oracle the new one must agree with on every input.
enum DateTextOracle {
    enum Reading: Equatable, Sendable {
        case date(Date, shows: DateOrder?)
        case ambiguous(String)
        case invalid(String)
    }

    static func read(_ raw: String, order: DateOrder?) -> Reading {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 40 else { return .invalid("is not a date") }
        let scalars = Array(text.unicodeScalars)
        // The date part ends at the first space or T after it.
        let split = scalars.firstIndex(where: { $0 == " " || $0 == "T" || $0 == "t" }) ?? scalars.count
        let datePart = String(String.UnicodeScalarView(scalars[..<split]))
        let timePart = split < scalars.count ? String(String.UnicodeScalarView(scalars[(split + 1)...])).trimmingCharacters(in: .whitespaces) : ""

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
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard DateComponents(year: year, month: month, day: day).isValidDate(in: calendar), year >= 1900, year <= 2200 else {
            return .invalid("is not a date that exists")
        }
        var components = DateComponents(year: year, month: month, day: day)
        var offset = 0
        if !timePart.isEmpty {
            guard let time = readTime(timePart) else { return .invalid("has a time Rebound cannot read (write 16:04 or 4:04 PM)") }
            components.hour = time.hour
            components.minute = time.minute
            components.second = time.second
            offset = time.offsetSeconds
        }
        guard let date = calendar.date(from: components) else { return .invalid("is not a date that exists") }
        return .date(date.addingTimeInterval(TimeInterval(-offset)), shows: shows)
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
        text = text.trimmingCharacters(in: .whitespaces)
        var pm: Bool?
        if text.hasSuffix("AM") || text.hasSuffix("PM") {
            pm = text.hasSuffix("PM")
            text = String(text.dropLast(2)).trimmingCharacters(in: .whitespaces)
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
