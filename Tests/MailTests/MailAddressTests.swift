import Testing

@testable import Mail

@Suite struct MailAddressTests {
    @Test(arguments: ["a@example.com", "first.last+tag@mail.example.co.uk", "o'brien@example.ie", "x@localhost", "用户@例子.广告", "josé@exämple.de"])
    func ordinaryAddressesAreAccepted(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test(arguments: [
        "", "no-at-sign", "@example.com", "a@", "a b@example.com", "a@exa mple.com", "a\r\n@example.com",
        "a@example.com\r\nRCPT TO:<x@evil.com>", "a\u{0}@example.com", "a@example.com>", "<a@example.com>",
        "a@[192.0.2.1]", ".a@example.com", "a.@example.com", "a..b@example.com", "a@-example.com", "a@example..com",
        "\"quoted\"@example.com", "a@example.com\u{202E}", "a\u{200B}b@example.com", "a@ex\u{0085}ample.com",
        "a,b@example.com", "a@example.com,b@example.com",
    ])
    func addressesThatCouldInjectOrAreNotPlainAreRefused(address: String) {
        #expect(throws: SMTPError.self) { try MailAddress(address) }
    }

    @Test func combiningMarksCannotHideAnAtOrADot() throws {
        // "@" + U+0301 is one Character; checked by scalar, it is still an "@" (and a label may not start with a mark).
        #expect(throws: SMTPError.self) { try MailAddress("a@\u{301}example.com") }
        #expect(throws: SMTPError.self) { try MailAddress("evil@\u{301}x@example.com") }
        #expect(throws: SMTPError.self) { try MailAddress("a.\u{301}.b@example.com") }
        #expect(throws: SMTPError.self) { try MailAddress("\u{301}a@example.com") }
        let accented = try MailAddress("rene\u{301}@example.com")
        #expect(accented.domain == "example.com")
        #expect(accented.needsSMTPUTF8)
    }

    @Test func overlongPartsAreRefused() {
        #expect(throws: SMTPError.self) { try MailAddress(String(repeating: "a", count: 65) + "@example.com") }
        #expect(throws: SMTPError.self) { try MailAddress("a@" + String(repeating: "b", count: 64) + ".com") }
        #expect(throws: SMTPError.self) { try MailAddress("a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".")) }
    }

    @Test func displayNamesWithControlCharactersAreRefused() {
        for name in ["Eve\r\nBcc: x@evil.com", "Nul\u{0}", "Tab\tbed", "C1\u{85}"] {
            #expect(throws: SMTPError.self) { try MailAddress("a@example.com", displayName: name) }
        }
    }

    @Test func nonASCIIAddressesNeedSMTPUTF8() throws {
        #expect(try MailAddress("josé@example.com").needsSMTPUTF8)
        #expect(try !MailAddress("jose@example.com", displayName: "José").needsSMTPUTF8)
    }

    @Test func singleLineCollapsesNewlinesAndControlsIntoSpaces() {
        #expect(HeaderText.singleLine("  Deal\r\nlost\u{0}\t again \u{2028} ") == "Deal lost again")
        #expect(HeaderText.singleLine("\n\u{301}x") == "\u{301}x")
    }

    @Test func htmlEscapingWorksOnScalarsEvenWithCombiningMarks() {
        #expect(MailHTML.escape("<b>\"Tom\" & 'Jerry'</b>") == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        // A combining mark after "<" or "\"" makes one grapheme that is not "<": escaped anyway.
        #expect(MailHTML.escape("<\u{301}script>\"\u{301}") == "&lt;\u{301}script&gt;&quot;\u{301}")
        #expect(MailHTML.escape("\u{600}<x") == "\u{600}&lt;x")
    }
}
