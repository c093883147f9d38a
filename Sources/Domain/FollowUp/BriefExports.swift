import Foundation

extension FollowUpBrief {
    /// The brief as Markdown, for printing or pasting into notes. User text is escaped.
    /// Times are in `zone` (the reader's), named.
    public func markdown(names: [MemberID: String], zone: TimeZone = .gmt) -> String {
        var out: [String] = ["# Follow-up brief: \(Escape.markdown(account.name))", ""]
        let when = failure.occurredAt.formatted(Date.FormatStyle(date: .long, time: .shortened, timeZone: zone))
        out.append("Last time: a \(failure.kind) on \(when) \(TimeZones.displayName(zone, at: failure.occurredAt))" + (failure.repID.flatMap { names[$0] }.map { " with \(Escape.markdown($0))" } ?? "") + ".")
        if let summary = failure.summary { out.append("> \(Escape.markdown(summary))") }
        out.append("")
        out.append("## Name the elephant in the room")
        out.append("")
        for opener in openers { out.append("- \(Escape.markdown(opener))") }
        out.append("")
        out.append("## Last time's questions")
        out.append("")
        if answeredQuestions.isEmpty && openQuestions.isEmpty { out.append("_No unanswered questions were logged._") }
        for question in answeredQuestions {
            out.append("- **\(Escape.markdown(question.text))**" + topicNote(question))
            out.append("  - Answer: \(Escape.markdown(question.answer ?? ""))")
        }
        for question in openQuestions {
            out.append("- **\(Escape.markdown(question.text))**" + topicNote(question) + " — ⚠ STILL OPEN: find the answer or say so plainly")
        }
        out.append("")
        out.append("## Who to bring")
        out.append("")
        if experts.isEmpty { out.append("_Nobody on the team lists these topics as expertise._") }
        for expert in experts { out.append("- \(Escape.markdown(expert.member.name)) — \(Escape.markdown(expert.reason))") }
        out.append("")
        out.append("## Preparation")
        out.append("")
        if preparation.isEmpty { out.append("_No preparation notes shared._") }
        for item in preparation { out.append("- \(item.kind): \(Escape.markdown(item.text))") }
        out.append("")
        out.append("## Lessons from similar failures")
        out.append("")
        if lessons.isEmpty { out.append("_No related lessons yet._") }
        for lesson in lessons {
            out.append("- \(Escape.markdown(lesson.text))" + (lesson.tags.isEmpty ? "" : " (" + lesson.tags.map { "#\(Escape.markdown($0))" }.joined(separator: " ") + ")"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func topicNote(_ question: Question) -> String {
        question.topic.map { " _(\(Escape.markdown($0)))_" } ?? ""
    }

    /// An RFC 5545 event for the follow-up meeting, with the brief in its description.
    public func calendarEvent(
        uid: String, start: Date, duration: TimeInterval, attendees: [Member], organizer: Member?, names: [MemberID: String], now: Date
    ) -> String {
        var calendar = ICalendarWriter()
        calendar.line("BEGIN:VCALENDAR")
        calendar.line("VERSION:2.0")
        calendar.line("PRODID:-//Rebound//Follow-up brief//EN")
        calendar.line("CALSCALE:GREGORIAN")
        calendar.line("METHOD:PUBLISH")
        calendar.line("BEGIN:VEVENT")
        calendar.line("UID:\(uid)")
        calendar.line("DTSTAMP:\(ICalendarWriter.utc(now))")
        calendar.line("DTSTART:\(ICalendarWriter.utc(start))")
        calendar.line("DTEND:\(ICalendarWriter.utc(start.addingTimeInterval(duration)))")
        calendar.line("SUMMARY:" + Escape.icsText("Follow-up with \(account.name)"))
        calendar.line("DESCRIPTION:" + Escape.icsText(markdown(names: names)))
        if let organizer {
            calendar.line("ORGANIZER;CN=\(Escape.icsParameter(organizer.name)):mailto:\(organizer.email)")
        }
        for attendee in attendees {
            calendar.line("ATTENDEE;CN=\(Escape.icsParameter(attendee.name));ROLE=REQ-PARTICIPANT:mailto:\(attendee.email)")
        }
        calendar.line("END:VEVENT")
        calendar.line("END:VCALENDAR")
        return calendar.output
    }
}

/// Writes iCalendar (RFC 5545) content lines: CRLF endings, lines folded at 75 octets without
/// splitting a UTF-8 character, and TEXT values escaped. No maintained Swift iCalendar package is
/// available to this project, so this covers the few properties Rebound writes; tests parse the
/// output with Python's `icalendar`.
public struct ICalendarWriter: Sendable {
    public private(set) var output = ""

    public init() {}

    /// Folds by Unicode scalar, not by `Character`: a cluster of thousands of combining marks would
    /// otherwise make one unbreakable line far over the limit.
    public mutating func line(_ content: String) {
        var current = String.UnicodeScalarView()
        var octets = 0
        var first = true
        for scalar in content.unicodeScalars {
            let size = scalar.utf8.count
            let limit = first ? 75 : 74  // continuation lines start with a space
            if octets + size > limit {
                output += String(current) + "\r\n"
                current = " ".unicodeScalars
                octets = 0
                first = false
            }
            current.append(scalar)
            octets += size
        }
        output += String(current) + "\r\n"
    }

    public static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
