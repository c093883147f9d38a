import Foundation

extension FollowUpBrief {
    /// The brief as Markdown, for printing or pasting into notes. User text is escaped.
    public func markdown(names: [MemberID: String]) -> String {
        let md = MarkdownText()
        var out: [String] = ["# Follow-up brief: \(md.escape(account.name))", ""]
        let when = failure.occurredAt.formatted(Date.FormatStyle(date: .long, time: .shortened, timeZone: .gmt))
        out.append("Last time: a \(failure.kind) on \(when) UTC" + (failure.repID.flatMap { names[$0] }.map { " with \(md.escape($0))" } ?? "") + ".")
        if let summary = failure.summary { out.append("> \(md.escape(summary))") }
        out.append("")
        out.append("## Name the elephant in the room")
        out.append("")
        for opener in openers { out.append("- \(md.escape(opener))") }
        out.append("")
        out.append("## Last time's questions")
        out.append("")
        if answeredQuestions.isEmpty && openQuestions.isEmpty { out.append("_No unanswered questions were logged._") }
        for question in answeredQuestions {
            out.append("- **\(md.escape(question.text))**" + topicNote(question, md))
            out.append("  - Answer: \(md.escape(question.answer ?? ""))")
        }
        for question in openQuestions {
            out.append("- **\(md.escape(question.text))**" + topicNote(question, md) + " — ⚠ STILL OPEN: find the answer or say so plainly")
        }
        out.append("")
        out.append("## Who to bring")
        out.append("")
        if experts.isEmpty { out.append("_Nobody on the team lists these topics as expertise._") }
        for expert in experts { out.append("- \(md.escape(expert.member.name)) — \(md.escape(expert.reason))") }
        out.append("")
        out.append("## Preparation")
        out.append("")
        if preparation.isEmpty { out.append("_No preparation notes shared._") }
        for item in preparation { out.append("- \(item.kind): \(md.escape(item.text))") }
        out.append("")
        out.append("## Lessons from similar failures")
        out.append("")
        if lessons.isEmpty { out.append("_No related lessons yet._") }
        for lesson in lessons {
            out.append("- \(md.escape(lesson.text))" + (lesson.tags.isEmpty ? "" : " (" + lesson.tags.map { "#\(md.escape($0))" }.joined(separator: " ") + ")"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func topicNote(_ question: Question, _ md: MarkdownText) -> String {
        question.topic.map { " _(\(md.escape($0)))_" } ?? ""
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
        calendar.line("SUMMARY:" + ICalendarWriter.text("Follow-up with \(account.name)"))
        calendar.line("DESCRIPTION:" + ICalendarWriter.text(markdown(names: names)))
        if let organizer {
            calendar.line("ORGANIZER;CN=\(ICalendarWriter.parameter(organizer.name)):mailto:\(organizer.email)")
        }
        for attendee in attendees {
            calendar.line("ATTENDEE;CN=\(ICalendarWriter.parameter(attendee.name));ROLE=REQ-PARTICIPANT:mailto:\(attendee.email)")
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

    public mutating func line(_ content: String) {
        var current = ""
        var octets = 0
        var first = true
        for character in content {
            let size = String(character).utf8.count
            let limit = first ? 75 : 74  // continuation lines start with a space
            if octets + size > limit {
                output += current + "\r\n"
                current = " "
                octets = 0
                first = false
            }
            current.append(character)
            octets += size
        }
        output += current + "\r\n"
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11).
    public static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(character)
            }
        }
        return out
    }

    /// A parameter value, quoted; DQUOTE and control characters cannot appear in one, so they are dropped.
    public static func parameter(_ value: String) -> String {
        "\"" + value.filter { $0 != "\"" && !$0.isNewline && $0 != "\r" } + "\""
    }

    public static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}

/// Escapes user text so it cannot add Markdown structure or HTML.
struct MarkdownText {
    /// Line breaks become spaces unless kept (a paragraph may span lines; a list item or table cell may not).
    func escape(_ text: String, keepingLines: Bool = false) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "#", "<", ">", "|", "!": out.append("\\"); out.append(character)
            case "\n" where !keepingLines: out.append(" ")
            default: out.append(character)
            }
        }
        return out
    }
}
