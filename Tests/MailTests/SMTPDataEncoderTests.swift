import Testing

@testable import Mail

@Suite struct SMTPDataEncoderTests {
    func encode(_ text: String) throws -> String {
        String(decoding: try SMTPDataEncoder.encode(Array(text.utf8)), as: UTF8.self)
    }

    @Test func aLineStartingWithADotGetsASecondDot() throws {
        #expect(try encode("a\r\n.b\r\n..c\r\n.\r\n") == "a\r\n..b\r\n...c\r\n..\r\n.\r\n")
    }

    @Test func aDotAtTheVeryStartIsStuffedToo() throws {
        #expect(try encode(".hidden") == "..hidden\r\n.\r\n")
    }

    @Test func dotsInsideALineAreLeftAlone() throws {
        #expect(try encode("a.b. c.\r\n") == "a.b. c.\r\n.\r\n")
    }

    @Test func bareLFAndBareCRBecomeCRLF() throws {
        #expect(try encode("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n.\r\n")
        // A smuggled end of data ("\n.\n") becomes a harmless stuffed line.
        #expect(try encode("x\n.\nMAIL FROM:<evil@example.com>\n") == "x\r\n..\r\nMAIL FROM:<evil@example.com>\r\n.\r\n")
    }

    @Test func emptyMessageIsJustTheTerminator() throws {
        #expect(try encode("") == ".\r\n")
    }

    @Test func aLineOf998BytesPassesAndOf999IsRefused() throws {
        _ = try encode(String(repeating: "a", count: 998))
        #expect(throws: SMTPError.self) { try encode(String(repeating: "a", count: 999)) }
    }

    @Test func aMegabyteOfDotLinesIsEncodedQuickly() throws {
        let line = ".dot line with some text to make it longer\r\n"
        let body = String(repeating: line, count: 1_048_576 / line.utf8.count)
        let clock = ContinuousClock()
        let start = clock.now
        let encoded = try SMTPDataEncoder.encode(Array(body.utf8))
        #expect(clock.now - start < .seconds(5))
        #expect(encoded.count == body.utf8.count + body.utf8.count / line.utf8.count + 3)
    }
}
