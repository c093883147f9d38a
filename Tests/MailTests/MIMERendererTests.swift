import Foundation
import Testing

@testable import Mail

@Suite struct MIMERendererTests {
    let from = try! MailAddress("rebound@example.com", displayName: "Rebound")
    let to = try! MailAddress("rep@example.com", displayName: "Renée Ünal")

    func render(_ message: MailMessage) throws -> String {
        String(decoding: try message.render(), as: UTF8.self)
    }

    func headerBlock(_ rendered: String) -> String {
        String(rendered[..<(rendered.range(of: "\r\n\r\n")?.lowerBound ?? rendered.endIndex)])
    }

    /// Every line ends with CRLF, none is over 998 bytes, no bare CR or LF, no NUL.
    func expectWellFormedLines(_ bytes: [UInt8], maxLength: Int = 998) {
        #expect(!bytes.contains(0))
        var length = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)")
            } else if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)")
                length = 0
            } else {
                length += 1
                #expect(length <= maxLength)
                if length > maxLength { return }
            }
        }
    }

    @Test func textOnlyMessageIsOneQuotedPrintablePartWithTheStandardHeaders() throws {
        let message = MailMessage(from: from, to: [to], subject: "Your brief", text: "Hello", date: Date(timeIntervalSince1970: 1_796_195_493))
        let rendered = try render(message)
        let headers = headerBlock(rendered)
        #expect(headers.contains("Date: Wed, 02 Dec 2026 07:11:33 +0000"))
        #expect(headers.contains("From: Rebound <rebound@example.com>"))
        #expect(headers.contains("To: =?UTF-8?B?"))
        #expect(headers.contains("Subject: Your brief"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Message-ID: <"))
        #expect(headers.contains("@example.com>"))
        #expect(headers.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(headers.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(!headers.contains("multipart"))
        #expect(rendered.hasSuffix("\r\n\r\nHello"))
    }

    @Test func textAndHTMLMakeAMultipartAlternativeWithTextFirst() throws {
        let rendered = try render(MailMessage(from: from, to: [to], subject: "s", text: "plain", html: "<p>html</p>"))
        #expect(headerBlock(rendered).contains("Content-Type: multipart/alternative;\r\n boundary=\"=_rebound_"))
        let plain = try #require(rendered.range(of: "text/plain"))
        let html = try #require(rendered.range(of: "text/html"))
        #expect(plain.lowerBound < html.lowerBound)
        #expect(rendered.hasSuffix("--"))
    }

    @Test func calendarInvitationAddsAnInlineRequestPartAndAnAttachmentInMultipartMixed() throws {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
        let rendered = try render(MailMessage(from: from, to: [to], subject: "s", text: "t", html: "<p>h</p>", calendar: CalendarInvitation(ics: ics)))
        #expect(headerBlock(rendered).contains("multipart/mixed"))
        #expect(rendered.contains("Content-Type: text/calendar; method=REQUEST; charset=UTF-8"))
        #expect(rendered.contains("Content-Type: application/ics; name=\"invite.ics\""))
        #expect(rendered.contains("Content-Disposition: attachment; filename=\"invite.ics\""))
        #expect(rendered.components(separatedBy: Data(ics.utf8).base64EncodedString()).count == 3)
    }

    @Test func badCalendarMethodOrFilenameIsRefused() {
        for calendar in [CalendarInvitation(ics: "x", method: "REQUEST\r\nX-Evil: 1"), CalendarInvitation(ics: "x", filename: "a\".ics"),
                         CalendarInvitation(ics: "x", filename: "../x.ics"), CalendarInvitation(ics: "")] {
            #expect(throws: SMTPError.self) { try MailMessage(from: from, to: [to], subject: "s", text: "t", calendar: calendar).render() }
        }
    }

    @Test func oneClickUnsubscribeAddsBothHeaders() throws {
        let rendered = try render(MailMessage(from: from, to: [to], subject: "s", text: "t", unsubscribe: OneClickUnsubscribe(url: "https://rebound.example.com/unsubscribe?t=abc,def")))
        #expect(headerBlock(rendered).contains("List-Unsubscribe: <https://rebound.example.com/unsubscribe?t=abc,def>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click"))
    }

    @Test(arguments: ["http://example.com/u", "https://exa mple.com/", "https://example.com/>\r\nBcc: x@evil.com", "mailto:x@example.com", "https://"])
    func unsubscribeURLsThatAreNotPlainHTTPSAreRefused(url: String) {
        #expect(throws: SMTPError.self) { try MailMessage(from: from, to: [to], subject: "s", text: "t", unsubscribe: OneClickUnsubscribe(url: url)).render() }
    }

    @Test(arguments: ["Hi\r\nBcc: victim@example.com", "Hi\nX", "Hi\rX", "nul\u{0}", "tab\there", "c1\u{85}"])
    func subjectsWithControlCharactersAreRefusedNotPassedThrough(subject: String) {
        #expect {
            try MailMessage(from: from, to: [to], subject: subject, text: "t").render()
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidMessage(let text) = error.reason else { return false }
            return text.contains("subject") && error.isPermanent
        }
    }

    @Test func longASCIISubjectIsFoldedAtSpacesIntoShortLines() throws {
        let subject = Array(repeating: "word", count: 60).joined(separator: " ")
        let header = try MIMERenderer.subjectHeader(subject)
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(header.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func nonASCIISubjectIsEncodedWordsOnLinesOfAtMost76() throws {
        let subject = "Nachbesprechung: Verlorener Auftrag bei Müller & Söhne — 👩🏽‍💻 " + String(repeating: "ü", count: 80)
        let header = try MIMERenderer.subjectHeader(subject)
        let lines = header.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.count > 2)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") })
        let words = header.dropFirst("Subject: ".count).components(separatedBy: "\r\n ")
        #expect(words.compactMap(EncodedWordTests.decode).joined() == subject)
    }

    @Test func asciiThatLooksLikeAnEncodedWordIsEncodedSoReadersShowItLiterally() throws {
        let header = try MIMERenderer.subjectHeader("=?UTF-8?B?SGk=?=")
        #expect(header.hasPrefix("Subject: =?UTF-8?B?"))
        #expect(EncodedWordTests.decode(String(header.dropFirst(9))) == "=?UTF-8?B?SGk=?=")
    }

    @Test func displayNamesAreAtomsQuotedOrEncoded() throws {
        #expect(MIMERenderer.addressHeader("To", [try MailAddress("a@x.com", displayName: "Ann Lee")]) == "To: Ann Lee <a@x.com>")
        #expect(MIMERenderer.addressHeader("To", [try MailAddress("a@x.com", displayName: "Lee, Ann \"The\" \\ Boss")]) == "To: \"Lee, Ann \\\"The\\\" \\\\ Boss\" <a@x.com>")
        let encoded = MIMERenderer.addressHeader("To", [try MailAddress("a@x.com", displayName: "\u{202E}evil\u{202C} Ünal")])
        #expect(encoded.hasPrefix("To: =?UTF-8?B?"))
        #expect(encoded.hasSuffix(" <a@x.com>"))
        #expect(!encoded.unicodeScalars.contains { $0.value > 0x7E })
    }

    @Test func severalRecipientsAreCommaSeparatedAndFolded() throws {
        let recipients = try (0..<6).map { try MailAddress("person\($0)@example.com", displayName: "Person Number \($0)") }
        let header = MIMERenderer.addressHeader("To", recipients)
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(header.replacingOccurrences(of: "\r\n", with: "").components(separatedBy: ", ").count == 6)
    }

    @Test func hostileBodiesStillRenderAsShortSafeLines() throws {
        let hostile = ".\r\n.\nQUIT\r\n\u{0}\u{202E}e\u{301}👩🏽‍💻\r\n--=_rebound_x\r\n" + String(repeating: "x", count: 5000)
        let bytes = try MailMessage(from: from, to: [to], subject: "s", text: hostile, html: "<p>\(hostile)</p>").render()
        expectWellFormedLines(bytes, maxLength: 76)
        #expect(bytes.allSatisfy { $0 < 0x80 }, "an ASCII sender and recipient give a 7-bit message")
    }

    @Test func aMegabyteMessageRendersQuicklyWithShortLines() throws {
        let body = String(repeating: "Zeile mit Umlauten äöü und einem Punkt am Anfang:\n.\n", count: 20_000)
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try MailMessage(from: from, to: [to], subject: "big", text: body, html: body).render()
        #expect(clock.now - start < .seconds(10))
        #expect(bytes.count > 2_000_000)
        expectWellFormedLines(bytes, maxLength: 76)
    }

    @Test func internationalisedAddressesAreWrittenAsUTF8() throws {
        let rendered = try MailMessage(from: from, to: [try MailAddress("josé@exämple.de")], subject: "s", text: "t").render()
        #expect(String(decoding: rendered, as: UTF8.self).contains("To: josé@exämple.de"))
    }

    @Test func noRecipientIsAnError() {
        #expect(throws: SMTPError.self) { try MailMessage(from: from, to: [], subject: "s", text: "t").render() }
    }

    @Test func givenMessageIDIsValidated() throws {
        #expect(try render(MailMessage(from: from, to: [to], subject: "s", text: "t", messageID: "abc@rebound")).contains("Message-ID: <abc@rebound>"))
        #expect(throws: SMTPError.self) { try MailMessage(from: from, to: [to], subject: "s", text: "t", messageID: "a b@c").render() }
        #expect(throws: SMTPError.self) { try MailMessage(from: from, to: [to], subject: "s", text: "t", messageID: "a@b>\r\nX: y").render() }
    }
}
