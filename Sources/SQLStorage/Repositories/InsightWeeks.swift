import Foundation

/// The team's weeks for the weekly counts: Monday 00:00 to Monday 00:00 in its time zone.
///
/// Counts are kept per UTC hour, so a count's local hour is its UTC hour plus the zone's offset, in whole
/// hours; the offset changes only at the zone's daylight-saving transitions, so over a period it is a
/// short `CASE` on the hour. A zone whose offset is not whole hours (Asia/Kolkata, +5:30) has it rounded
/// down: its weeks turn up to 45 minutes after local midnight. Its counts per label and its totals are
/// exact all the same; only which of two weeks a count in that part hour falls in can be off.
struct InsightWeeks: Sendable {
    let zone: TimeZone
    /// From each hour on (the first from the start of time), the offset in whole hours.
    let offsets: [(fromHour: Int, hours: Int)]

    static let utc = InsightWeeks(zone: .gmt, from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 0))

    init(zone: TimeZone, from: Date, to: Date) {
        self.zone = zone
        // A week of margin on either side: a period's first and last weeks reach past it.
        var cursor = from.addingTimeInterval(-8 * 86_400)
        let end = to.addingTimeInterval(8 * 86_400)
        var offsets = [(fromHour: Int.min, hours: Self.wholeHours(zone, at: cursor))]
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            offsets.append((fromHour: InsightCounts.hour(next), hours: Self.wholeHours(zone, at: next)))
            cursor = next
        }
        self.offsets = offsets
    }

    private static func wholeHours(_ zone: TimeZone, at date: Date) -> Int {
        Int((Double(zone.secondsFromGMT(for: date)) / 3600).rounded(.down))
    }

    /// The week number (as `InsightCounts.weekSQL` numbers them) of the local hour of `hour`, an SQL
    /// expression of a UTC hour number. Only integers the server computed go into the SQL.
    func weekSQL(ofHour hour: String) -> String {
        guard offsets.count > 1 else { return InsightCounts.weekSQL(ofHour: "(\(hour) + \(offsets[0].hours))") }
        var shift = "CASE"
        for (index, piece) in offsets.enumerated().dropFirst() {
            shift += " WHEN \(hour) < \(piece.fromHour) THEN \(offsets[index - 1].hours)"
        }
        shift += " ELSE \(offsets[offsets.count - 1].hours) END"
        return InsightCounts.weekSQL(ofHour: "(\(hour) + \(shift))")
    }

    /// The UTC days (as the hour number of their start) in `[from, to)` in which one of the zone's weeks
    /// begins: their kept day counts cannot be put in one week, so they are summed by the hour.
    func splitDays(from: Date, to: Date) -> Set<Int> {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        guard var monday = calendar.dateInterval(of: .weekOfYear, for: from)?.start else { return [] }
        var days = Set<Int>()
        while monday < to {
            let hour = InsightCounts.hour(monday)
            if monday >= from, hour % 24 != 0 || InsightCounts.date(ofHour: hour) != monday {
                days.insert(Int((Double(hour) / 24).rounded(.down)) * 24)
            }
            guard let next = calendar.date(byAdding: .weekOfYear, value: 1, to: monday) else { break }
            monday = next
        }
        return days
    }

    /// Monday 00:00 in the zone, of week number `week`.
    func start(ofWeek week: Int) -> Date {
        let monday = InsightCounts.weekStart(week)
        if offsets.count == 1, offsets[0].hours == 0, zone.secondsFromGMT(for: monday) == 0 { return monday }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        var local = Calendar(identifier: .gregorian)
        local.timeZone = zone
        return local.date(from: utc.dateComponents([.year, .month, .day], from: monday)) ?? monday
    }
}
