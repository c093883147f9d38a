import Domain
import Testing

/// One escaping function per output format, working on bytes: joining marks cannot smuggle markup.
@Suite struct EscapeTests {
    static let joined = ["\u{600}<", ">\u{301}", "\"\u{301}", "\u{D4E}\"", "'\u{301}", "&\u{301}", "a\u{301}<", "\u{202E}<"]

    @Test func htmlLeavesNoMarkupCharacterEvenWhenAMarkJoinsIt() {
        for text in Self.joined + ["<script>x</script>", "\" onload=\"x", "nul\u{0}here"] {
            let escaped = Escape.html(text)
            #expect(!escaped.utf8.contains { [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0].contains($0) }, "\(text.debugDescription) → \(escaped)")
        }
        #expect(Escape.html("\u{600}<b>") == "\u{600}&lt;b&gt;")
        #expect(Escape.html("a & b") == "a &amp; b")
    }

    @Test func markdownEscapesStructureAndLinksAndFoldsLines() {
        let escaped = Escape.markdown("\u{600}[x](javascript:y)\n# h <b>")
        #expect(escaped == "\u{600}\\[x\\](javascript:y) \\# h \\<b\\>")
        #expect(Escape.markdown("a\r\nb", keepingLines: true) == "a\nb")
    }

    @Test func iCalendarTextCannotStartAPropertyLine() {
        let escaped = Escape.icsText("x\n\u{301}ATTENDEE:mailto:evil@x;a,b\r\u{0}")
        #expect(!escaped.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{0}" })
        #expect(escaped == "x\\n\u{301}ATTENDEE:mailto:evil@x\\;a\\,b")
        #expect(Escape.icsParameter("Rita \"\u{301}\r\n:x") == "\"Rita \u{301}:x\"")
    }

    @Test func slackAndCSVNeutraliseTheirControlCharacters() {
        #expect(Escape.slack("\u{600}<!channel> &\n") == "\u{600}&lt;!channel&gt; &amp; ")
        #expect(Escape.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(Escape.csvField("plain") == "plain")
    }

    @Test func aFoldedCalendarLineNeverExceeds75OctetsEvenForOneHugeCluster() {
        var writer = ICalendarWriter()
        writer.line("SUMMARY:" + "e" + String(repeating: "\u{301}", count: 500))
        for line in writer.output.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
        }
    }
}

/// Where outbound webhooks may go.
@Suite struct DestinationPolicyTests {
    @Test func internalAddressesAreRecognisedInEverySpelling() {
        let internalAddresses = ["127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.100.100.200", "0.0.0.0", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fe80::1", "fd12::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::"]
        for text in internalAddresses {
            let address = try! #require(IPAddress(text), "\(text) parses")
            #expect(address.isInternal, "\(text)")
        }
        for text in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1", "100.128.0.1"] {
            #expect(IPAddress(text)?.isInternal == false, "\(text)")
        }
    }

    @Test func everyResolvedAddressMustBeAllowedUnlessTheOperatorAllowedIt() throws {
        let none = DestinationPolicy()
        let publicAddress = IPAddress("93.184.216.34")!
        let metadata = IPAddress("169.254.169.254")!
        #expect(none.permits(host: "hooks.example", addresses: [publicAddress]))
        #expect(!none.permits(host: "hooks.example", addresses: [publicAddress, metadata]))
        #expect(!none.permits(host: "hooks.example", addresses: []))
        let allowing = try DestinationPolicy(allowing: "127.0.0.1, relay.internal, 10.20.0.0/16")
        #expect(allowing.permits(host: "127.0.0.1", addresses: [IPAddress("127.0.0.1")!]))
        #expect(allowing.permits(host: "relay.internal", addresses: [IPAddress("10.9.9.9")!]))
        #expect(allowing.permits(host: "x", addresses: [IPAddress("10.20.3.4")!]))
        #expect(!allowing.permits(host: "x", addresses: [IPAddress("10.21.3.4")!]))
        #expect(!allowing.permits(host: "x", addresses: [IPAddress("127.0.0.2")!]))
        #expect(throws: DomainError.self) { try DestinationPolicy(allowing: "10.0.0.0/99") }
    }
}
