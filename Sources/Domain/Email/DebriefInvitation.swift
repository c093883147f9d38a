import Foundation

/// One participant's calendar invitation to a debrief meeting. The UID is the debrief's, so a calendar
/// updates (higher SEQUENCE) or removes (`CANCEL`) the event it already holds.
public struct DebriefInvitation: Equatable, Sendable {
    public let debriefID: DebriefID
    public let title: String
    public let start: Date
    public let minutes: Int
    public let sequence: Int
    public let method: EmailCalendar.Method
    public let facilitatorName: String
    /// Rebound's sending address: the organizer the calendar shows.
    public let organizer: String
    public let attendeeName: String
    public let attendee: String
    public let stamp: Date

    public init(
        debriefID: DebriefID, title: String, start: Date, minutes: Int = 45, sequence: Int, method: EmailCalendar.Method,
        facilitatorName: String, organizer: String, attendeeName: String, attendee: String, stamp: Date
    ) {
        self.debriefID = debriefID
        self.title = title
        self.start = start
        self.minutes = minutes
        self.sequence = sequence
        self.method = method
        self.facilitatorName = facilitatorName
        self.organizer = organizer
        self.attendeeName = attendeeName
        self.attendee = attendee
        self.stamp = stamp
    }

    public var uid: String { "debrief-\(debriefID)@rebound" }

    public func ics(link: String) -> String {
        var writer = ICalendarWriter()
        writer.line("BEGIN:VCALENDAR")
        writer.line("VERSION:2.0")
        writer.line("PRODID:-//Rebound//Debrief invitation//EN")
        writer.line("CALSCALE:GREGORIAN")
        writer.line("METHOD:\(method.rawValue)")
        writer.line("BEGIN:VEVENT")
        writer.line("UID:\(uid)")
        writer.line("SEQUENCE:\(sequence)")
        writer.line("DTSTAMP:\(ICalendarWriter.utc(stamp))")
        writer.line("DTSTART:\(ICalendarWriter.utc(start))")
        writer.line("DTEND:\(ICalendarWriter.utc(start.addingTimeInterval(TimeInterval(minutes * 60))))")
        writer.line("SUMMARY:" + Escape.icsText("Debrief: \(title)"))
        writer.line("DESCRIPTION:" + Escape.icsText("A blameless debrief, facilitated by \(facilitatorName). \(link)"))
        writer.line("URL:" + Self.uriText(link))
        writer.line("ORGANIZER;CN=\(Escape.icsParameter("Rebound for \(facilitatorName)")):mailto:\(Self.uriText(organizer))")
        writer.line("ATTENDEE;CN=\(Escape.icsParameter(attendeeName));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:\(Self.uriText(attendee))")
        writer.line("STATUS:" + (method == .cancel ? "CANCELLED" : "CONFIRMED"))
        writer.line("END:VEVENT")
        writer.line("END:VCALENDAR")
        return writer.output
    }

    /// A URI value (an address, a link) with nothing that could end the property or the line: controls,
    /// spaces and the line separators go. Addresses are validated when stored; this is the second fence.
    static func uriText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.value > 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value)
            && scalar.value != 0x2028 && scalar.value != 0x2029 && scalar != "\"" {
            out.append(scalar)
        }
        return String(out)
    }
}
