import Foundation

/// IANA time zone names (`America/Chicago`), as members and teams choose them.
public enum TimeZones {
    /// The zone of a team that has not chosen one, and of times shown before anyone has.
    public static let standard = "UTC"

    /// Whether `name` is `UTC` or an IANA `Area/Location` name the time zone database knows.
    /// `TimeZone(identifier:)` alone also takes abbreviations and offsets ("CST", "GMT+5") that are not
    /// IANA names and mean different things to different readers; Foundation's list of known names
    /// is older than the database (it lacks `Asia/Kolkata`). So: the shape of a name, checked byte by
    /// byte, and the database's own answer, which must be the same name back.
    public static func isKnown(_ name: String) -> Bool {
        if name == standard { return true }
        let bytes = Array(name.utf8)
        guard (3...64).contains(bytes.count), bytes.contains(UInt8(ascii: "/")), bytes.first.map(isLetter) == true else { return false }
        for byte in bytes where !(isLetter(byte) || (48...57).contains(byte) || "/_-+".utf8.contains(byte)) { return false }
        return TimeZone(identifier: name)?.identifier == name
    }

    /// `raw` when it is a known name; otherwise an error on `field` and `standard`.
    public static func validated(_ raw: String, field: String, into v: inout Validator) -> String {
        let valid = isKnown(raw)
        v.check(valid, field, "must be an IANA time zone name such as America/Chicago or Europe/Berlin")
        return valid ? raw : standard
    }

    /// How a zone is named next to a time: "UTC", else its abbreviation at that moment (Linux's
    /// Foundation gives offsets, "GMT-5", rather than "CDT").
    public static func displayName(_ zone: TimeZone, at date: Date) -> String {
        if zone.identifier == "GMT" || zone.identifier == standard { return "UTC" }
        return zone.abbreviation(for: date) ?? zone.identifier
    }

    /// A moment as a person reads it in their zone: "Dec 1, 2026 at 4:52 PM GMT-6".
    public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: zone)) + " " + displayName(zone, at: date)
    }

    /// The zone named `name`, or UTC for a name the database does not know (a stored name is checked
    /// when written, so this only matters for a database that was edited by hand).
    public static func zone(_ name: String?) -> TimeZone {
        name.flatMap { TimeZone(identifier: $0) } ?? .gmt
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
}
