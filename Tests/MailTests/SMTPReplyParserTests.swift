import Testing

@testable import Mail

@Suite struct SMTPReplyParserTests {
    func parse(_ text: String) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        return try parser.feed(Array(text.utf8))
    }

    func reason(_ body: () throws(SMTPError.Reason) -> Void) -> SMTPError.Reason? {
        do { try body() } catch { return error }
        return nil
    }

    @Test func singleLineReplyHasCodeAndText() throws {
        #expect(try parse("220 mail.example.com ESMTP ready\r\n") == [SMTPReply(code: 220, lines: ["mail.example.com ESMTP ready"])])
    }

    @Test func multiLineReplyIsOneReplyWithAllLines() throws {
        let replies = try parse("250-mail.example.com\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 SMTPUTF8\r\n")
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.example.com", "8BITMIME", "AUTH PLAIN LOGIN", "SMTPUTF8"])])
    }

    @Test func aCodeAloneOnTheLineEndsTheReply() throws {
        #expect(try parse("250\r\n") == [SMTPReply(code: 250, lines: [""])])
    }

    @Test func repliesSplitAcrossReadsAreReassembled() throws {
        var parser = SMTPReplyParser()
        let text = Array("250-first\r\n250 second\r\n354 go\r\n".utf8)
        var replies: [SMTPReply] = []
        for byte in text { replies += try parser.feed([byte]) }
        #expect(replies == [SMTPReply(code: 250, lines: ["first", "second"]), SMTPReply(code: 354, lines: ["go"])])
        #expect(!parser.hasPartialReply)
    }

    @Test func partialReplyIsReportedUntilComplete() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed(Array("250-a\r\n".utf8)).isEmpty)
        #expect(parser.hasPartialReply)
        _ = try parser.feed(Array("250 b\r\n".utf8))
        #expect(!parser.hasPartialReply)
        _ = try parser.feed(Array("25".utf8))
        #expect(parser.hasPartialReply)
    }

    @Test func bareLFEndsALineToo() throws {
        #expect(try parse("220-a\n220 b\n") == [SMTPReply(code: 220, lines: ["a", "b"])])
    }

    @Test func linesWithDifferentCodesInOneReplyAreMalformed() {
        let reason = reason { () throws(SMTPError.Reason) in
            var parser = SMTPReplyParser()
            _ = try parser.feed(Array("250-a\r\n251 b\r\n".utf8))
        }
        guard case .malformedReply = reason else { Issue.record("got \(String(describing: reason))"); return }
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "2x0 ok\r\n", "150 ok\r\n", "650 ok\r\n", "250+ok\r\n", "\r\n"])
    func linesThatDoNotStartWithAValidCodeAreMalformed(line: String) {
        let reason = reason { () throws(SMTPError.Reason) in
            var parser = SMTPReplyParser()
            _ = try parser.feed(Array(line.utf8))
        }
        guard case .malformedReply = reason else { Issue.record("got \(String(describing: reason))"); return }
    }

    @Test func aLineLongerThanTheLimitIsRejectedBeforeItEnds() {
        let reason = reason { () throws(SMTPError.Reason) in
            var parser = SMTPReplyParser()
            _ = try parser.feed(Array("250 ".utf8) + Array(repeating: UInt8(ascii: "x"), count: SMTPReplyParser.maxLineLength))
        }
        #expect(reason == .replyTooLong)
    }

    @Test func aLineAtTheLimitIsAccepted() throws {
        let text = String(repeating: "x", count: SMTPReplyParser.maxLineLength - 4)
        #expect(try parse("250 \(text)\r\n").first?.lines == [text])
    }

    @Test func aReplyWithTooManyLinesIsRejected() {
        let reason = reason { () throws(SMTPError.Reason) in
            var parser = SMTPReplyParser()
            for _ in 0..<(SMTPReplyParser.maxLines + 1) { _ = try parser.feed(Array("250-x\r\n".utf8)) }
        }
        #expect(reason == .replyTooLong)
    }

    @Test func replyDescriptionReplacesControlCharactersAndIsBounded() {
        let reply = SMTPReply(code: 550, lines: ["bad\u{1B}[31m\u{0}", String(repeating: "y", count: 1000)])
        let text = reply.description
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(text.count < 320)
        #expect(text.hasPrefix("550 bad?[31m?"))
    }

    @Test func capabilitiesAreReadFromTheEHLOReply() throws {
        let reply = try #require(try parse("250-mail.example.com Hello\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250-STARTTLS\r\n250-AUTH=LOGIN\r\n250-auth plain cram-md5\r\n250 SMTPUTF8\r\n").first)
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.startTLS && capabilities.eightBitMIME && capabilities.smtpUTF8)
        #expect(capabilities.sizeLimit == 1000)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
    }

    @Test func theGreetingLineOfEHLOIsNotACapability() throws {
        let reply = try #require(try parse("250-STARTTLS.example.com\r\n250 HELP\r\n").first)
        #expect(!SMTPCapabilities(ehlo: reply).startTLS)
    }
}
