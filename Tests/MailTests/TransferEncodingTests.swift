import Foundation
import Testing

@testable import Mail

@Suite struct TransferEncodingTests {
    /// A plain decoder for the tests: soft breaks removed, =XX decoded, CRLF kept.
    static func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < encoded.count {
            if encoded[i] == UInt8(ascii: "=") {
                guard i + 2 < encoded.count else {
                    Issue.record("an = at the end of the encoding")
                    return out
                }
                if encoded[i + 1] == 0x0D, encoded[i + 2] == 0x0A { i += 3; continue }
                guard let byte = UInt8(String(decoding: encoded[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else {
                    Issue.record("an = not followed by two hex digits")
                    return out
                }
                out.append(byte)
                i += 3
            } else {
                out.append(encoded[i])
                i += 1
            }
        }
        return out
    }

    /// Splits on CRLF; a CR or LF on its own is a test failure.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                result.append(bytes[start..<i])
                start = i + 2
                i += 2
            } else {
                #expect(bytes[i] != 0x0D && bytes[i] != 0x0A, "bare CR or LF at \(i)")
                i += 1
            }
        }
        result.append(bytes[start...])
        return result
    }

    static let samples = [
        "Hello, world",
        "line one\nline two\r\nline three\rline four",
        "trailing spaces   \nand tabs\t\n",
        "a=b and =3D literally, =?UTF-8?B?x?=",
        String(repeating: "é", count: 500),
        String(repeating: "abcdefghij", count: 30) + "\n.leading dot\n",
        "emoji 👩🏽‍💻 and e\u{301} and \u{202E}RTL\u{202C} and NUL \u{0} inside",
        "",
    ]

    @Test(arguments: samples)
    func quotedPrintableRoundTripsWithShortASCIILines(text: String) {
        let encoded = TransferEncoding.quotedPrintable(text)
        for line in Self.lines(encoded) {
            #expect(line.count <= 76)
            #expect(line.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 })
            #expect(line.last != 0x20 && line.last != 0x09, "whitespace at a line end would be stripped in transit")
        }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(String(decoding: Self.decodeQuotedPrintable(encoded), as: UTF8.self) == normalised)
    }

    @Test func equalsSignIsAlwaysEscaped() {
        #expect(String(decoding: TransferEncoding.quotedPrintable("a=b"), as: UTF8.self) == "a=3Db")
    }

    @Test func aMegabyteBodyEncodesWithinSeconds() {
        let text = String(repeating: "Grüße, ünïcödé and ascii text mixed together. ", count: 22_000)
        let clock = ContinuousClock()
        let start = clock.now
        let encoded = TransferEncoding.quotedPrintable(text)
        #expect(clock.now - start < .seconds(5))
        #expect(Self.decodeQuotedPrintable(encoded) == Array(text.utf8))
    }

    @Test func base64LinesAre76CharactersAndDecodeBack() {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let encoded = TransferEncoding.base64(bytes)
        let lines = Self.lines(encoded)
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect((lines.last?.count ?? 0) <= 76)
        #expect(Data(base64Encoded: String(decoding: lines.joined(), as: UTF8.self)) == Data(bytes))
    }
}
