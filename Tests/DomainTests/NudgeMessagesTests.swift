import Domain
import Foundation
import Testing

/// What a nudge says and how: user text escaped in HTML, subjects on one line, invitations that
/// calendars update and cancel.
@Suite struct NudgeMessagesTests {
    let layout = EmailLayout(unsubscribeURL: "https://rebound.example/unsubscribe/abc", settingsURL: "https://rebound.example/settings/email")

    func messages(zone: String = "America/Chicago") -> NudgeMessages {
        NudgeMessages(recipientName: "Rita <Rep>", zone: TimeZone(identifier: zone)!, layout: layout)
    }

    @Test func everyValueAPersonTypedIsEscapedInTheHTMLWhateverFollowsItsMarkup() {
        let hostile = "\"<script>\u{0301}alert(1)</script>' & \u{202E}evil"
        let content = messages().questionAnswered(question: hostile, answer: "<a href=\"javascript:x\">yes</a>\u{0000}", link: "https://rebound.example/questions")

        #expect(!content.html.contains("<script"))
        #expect(!content.html.contains("<a href=\"javascript"))
        #expect(content.html.contains("&lt;script&gt;\u{0301}alert(1)&lt;/script&gt;&#39; &amp; \u{202E}evil"))
        #expect(content.html.contains("Hi Rita,"))
        #expect(!content.html.unicodeScalars.contains("\u{0000}"))
        #expect(content.text.utf8.firstRange(of: "> \"<script>\u{0301}alert(1)".utf8) != nil)
        #expect(!content.text.unicodeScalars.contains("\u{0000}"), "controls would make the relay refuse the body")
    }

    @Test func aSubjectMadeOfUserTextStaysOneBoundedLine() {
        let content = messages().reflectionDue(
            account: "Acme\r\nBcc: victim@example.com\u{2028}" + String(repeating: "x", count: 1_000_000), interaction: .call, at: Date(),
            dueAt: Date(), link: "https://rebound.example/reflections/1")
        #expect(!content.subject.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" })
        #expect(content.subject.unicodeScalars.count <= 200)
        #expect(content.unsubscribeURL == "https://rebound.example/unsubscribe/abc")
    }

    @Test func timesAreTheRecipientsOwnAndNamed() {
        let due = ISO8601DateFormatter().date(from: "2026-07-01T14:00:00Z")!
        let content = messages().reflectionDue(account: "Globex", interaction: .call, at: due, dueAt: due, link: "https://x.example/r")
        #expect(content.text.contains("9:00"))
        #expect(content.text.contains("GMT-5") || content.text.contains("CDT"))
    }

    @Test func anInvitationIsAnICalendarRequestAndItsCancellationKeepsTheUIDWithAHigherSequence() {
        let id = DebriefID()
        let start = ISO8601DateFormatter().date(from: "2026-12-10T15:00:00Z")!
        func invitation(_ method: EmailCalendar.Method, _ sequence: Int) -> DebriefInvitation {
            DebriefInvitation(
                debriefID: id, title: "Lost; Globex, renewal\nDESCRIPTION:injected", start: start, sequence: sequence, method: method,
                facilitatorName: "Max \"The\" Manager", organizer: "rebound@acme.test", attendeeName: "Rita; ROLE=CHAIR",
                attendee: "rita@acme.test\r\nATTENDEE:mailto:x@evil.example", stamp: start)
        }
        let request = invitation(.request, 0).ics(link: "https://rebound.example/debriefs/\(id)")
        let cancel = invitation(.cancel, 1).ics(link: "https://rebound.example/debriefs/\(id)")
        let lines = request.components(separatedBy: "\r\n")

        #expect(lines.contains("METHOD:REQUEST") && lines.contains("SEQUENCE:0") && lines.contains("STATUS:CONFIRMED"))
        #expect(lines.contains("UID:debrief-\(id)@rebound"))
        #expect(lines.contains("DTSTART:20261210T150000Z") && lines.contains("DTEND:20261210T154500Z"))
        #expect(lines.contains("SUMMARY:Debrief: Lost\\; Globex\\, renewal\\nDESCRIPTION:injected"))
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE:mailto:x@evil") })
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 1)
        #expect(!lines.contains { $0.hasPrefix("DESCRIPTION:injected") })
        #expect(cancel.contains("METHOD:CANCEL\r\n") && cancel.contains("SEQUENCE:1\r\n") && cancel.contains("STATUS:CANCELLED\r\n"))
        #expect(cancel.contains("UID:debrief-\(id)@rebound\r\n"))
    }
}
