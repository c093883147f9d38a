import Foundation

/// One member's iCalendar feed: what they owe, with stable UIDs so calendar apps update events
/// in place instead of duplicating them.
public struct CalendarFeed: Sendable {
    public enum Timing: Sendable, Equatable {
        case at(Date, minutes: Int)
        case allDay(Date)
    }

    public struct Event: Sendable, Equatable {
        public let uid: String
        public let summary: String
        public let description: String
        public let timing: Timing

        public init(uid: String, summary: String, description: String, timing: Timing) {
            self.uid = uid
            self.summary = summary
            self.description = description
            self.timing = timing
        }
    }

    public let name: String
    public let events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    public func render(now: Date) -> String {
        var writer = ICalendarWriter()
        writer.line("BEGIN:VCALENDAR")
        writer.line("VERSION:2.0")
        writer.line("PRODID:-//Rebound//Personal feed//EN")
        writer.line("CALSCALE:GREGORIAN")
        writer.line("X-WR-CALNAME:" + Escape.icsText(name))
        for event in events {
            writer.line("BEGIN:VEVENT")
            writer.line("UID:\(event.uid)")
            writer.line("DTSTAMP:\(ICalendarWriter.utc(now))")
            switch event.timing {
            case .at(let start, let minutes):
                writer.line("DTSTART:\(ICalendarWriter.utc(start))")
                writer.line("DTEND:\(ICalendarWriter.utc(start.addingTimeInterval(TimeInterval(minutes * 60))))")
            case .allDay(let day):
                let date = String(ICalendarWriter.utc(day).prefix(8))
                writer.line("DTSTART;VALUE=DATE:\(date)")
            }
            writer.line("SUMMARY:" + Escape.icsText(event.summary))
            writer.line("DESCRIPTION:" + Escape.icsText(event.description))
            writer.line("END:VEVENT")
        }
        writer.line("END:VCALENDAR")
        return writer.output
    }
}
