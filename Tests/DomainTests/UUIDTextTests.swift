import Foundation
import Testing

@testable import Domain

/// `UUID(hexText:)` and `hexText(upper:)` replace Foundation's parser and formatter on every id read
/// from SQLite, every id in a request and every id in a response: Foundation is the oracle.
@Suite struct UUIDTextTests {
    @Test func textIsFoundationsTextInEitherCase() {
        var ids = (0..<20_000).map { _ in UUID() }
        ids += [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))]
        ids += [UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        ids += (0..<1_000).map { _ in UUIDSequence().next() }
        for id in ids {
            #expect(id.hexText(upper: true) == id.uuidString)
            #expect(id.hexText(upper: false) == id.uuidString.lowercased())
            var bytes: [UInt8] = Array("x".utf8)
            id.appendLowercaseHex(to: &bytes)
            #expect(bytes == Array(("x" + id.uuidString.lowercased()).utf8))
        }
    }

    @Test func textIsReadBackToTheSameIdInUpperLowerAndMixedCase() {
        for _ in 0..<20_000 {
            let id = UUID()
            let mixed = String(id.uuidString.unicodeScalars.map { Bool.random() ? Character($0).lowercased() : String($0) }.joined())
            #expect(UUID(hexText: id.uuidString) == id)
            #expect(UUID(hexText: id.uuidString.lowercased()) == id)
            #expect(UUID(hexText: mixed) == id)
            #expect(UUID(hexText: mixed[...]) == id, "a substring reads the same")
        }
    }

    /// Whatever this parser accepts, Foundation accepts as the same id; it refuses what Foundation's
    /// `sscanf` lets through (a sign or a space inside a pair).
    @Test func anyTextItAcceptsFoundationReadsTheSameAndMalformedTextIsRefused() {
        let base = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        let refused = [
            "", base + "0", String(base.dropLast()), base.replacingOccurrences(of: "-", with: ""),
            "{" + base + "}", " " + String(base.dropFirst()), String(base.dropLast()) + "\u{0}",
            "3f2504e0-4f89-41d3-9a0c-0305e82c330g", "3f2504e0+4f89-41d3-9a0c-0305e82c3301", "3f2504e04-f89-41d3-9a0c-0305e82c3301",
            "+f2504e0-4f89-41d3-9a0c-0305e82c3301", "3f2504e0-4f89-41d3-9a0c-0305e82c330\u{0661}", "3f2504e0-4f89-41d3-9a0c-0305e82c33é",
            "3f2504e0-4f89-41d3-9a0c-0305e82c330\u{FF11}",
        ]
        for text in refused { #expect(UUID(hexText: text) == nil, "\(text.debugDescription)") }
        #expect(UUID(hexText: base) == UUID(uuidString: base))

        // Every single-byte change of a valid text, across all 256 byte values at every position.
        let bytes = Array(base.utf8)
        for position in bytes.indices {
            for value in UInt8.min...UInt8.max {
                var changed = bytes
                changed[position] = value
                let text = String(decoding: changed, as: UTF8.self)
                if let ours = UUID(hexText: text) { #expect(UUID(uuidString: text) == ours, "\(text.debugDescription)") }
            }
        }
    }
}
