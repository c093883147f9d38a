import Foundation

/// What one member wants by email: the kinds they turned off, and hours when nothing is sent.
public struct EmailPreferences: Equatable, Sendable {
    public var off: Set<EmailKind>
    public var quietHours: QuietHours?

    public init(off: Set<EmailKind> = [], quietHours: QuietHours? = nil) {
        self.off = off
        self.quietHours = quietHours
    }

    public func wants(_ kind: EmailKind) -> Bool { !off.contains(kind) }
}

/// Whole hours of the member's own day when email waits, e.g. from 20 to 8 (overnight) or 12 to 13.
/// Held in the member's time zone, so a quiet night stays a night across daylight-saving changes.
public struct QuietHours: Equatable, Sendable {
    public let from: Int
    public let to: Int

    /// Nil unless both are hours of the day (0-23) and differ.
    public init?(from: Int, to: Int) {
        guard (0...23).contains(from), (0...23).contains(to), from != to else { return nil }
        self.from = from
        self.to = to
    }

    public func contains(_ date: Date, in zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hour = calendar.component(.hour, from: date)
        return from < to ? (from..<to).contains(hour) : (hour >= from || hour < to)
    }

    /// `date` itself when it is outside the quiet hours, else the moment they end: the next `to:00` in
    /// the zone (or the first moment after it, on a night that skips that hour).
    public func nextAllowed(after date: Date, in zone: TimeZone) -> Date {
        guard contains(date, in: zone) else { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let end = calendar.nextDate(after: date, matching: DateComponents(hour: to, minute: 0, second: 0), matchingPolicy: .nextTime)
        return end ?? date.addingTimeInterval(3600)
    }
}

public enum EmailPreferenceRules {
    /// Reads quiet hours from the two fields; both or neither.
    public static func quietHours(from: Int?, to: Int?, into v: inout Validator) -> QuietHours? {
        switch (from, to) {
        case (nil, nil): return nil
        case (let from?, let to?):
            v.check((0...23).contains(from), "quietHours.from", "must be an hour of the day, 0 to 23")
            v.check((0...23).contains(to), "quietHours.to", "must be an hour of the day, 0 to 23")
            v.check(from != to, "quietHours.to", "must differ from quietHours.from")
            return QuietHours(from: from, to: to)
        default:
            v.check(false, "quietHours", "needs both from and to, or null for none")
            return nil
        }
    }
}
