import Foundation
import Testing

@testable import Domain

@Suite struct HexTests {
    @Test func everyByteIsWrittenAsTwoLowercaseDigitsAsPrintfWritesIt() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.lowercase(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase(all.reversed()[...].prefix(3)) == "fffefd")
    }

    @Test func randomTokensAreLowercaseHexOfTheLengthAsked() {
        let tokens = (0..<500).map { _ in RandomToken.hex(bytes: 20) }
        #expect(tokens.allSatisfy { $0.utf8.count == 40 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
        #expect(Set(tokens).count == tokens.count)
    }
}
