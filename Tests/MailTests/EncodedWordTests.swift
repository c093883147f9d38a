import Foundation
import Testing

@testable import Mail

@Suite struct EncodedWordTests {
    /// Decodes one "=?UTF-8?B?...?=" word; nil unless its bytes are valid UTF-8 on their own.
    static func decode(_ word: String) -> String? {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
            let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
        else { return nil }
        return String(validating: Array(data), as: UTF8.self)
    }

    static let samples = [
        "Grüße aus Köln",
        "日本語の件名はとても長くなることがありますので、ちゃんと分割されるか確かめます。もう少し長くします。",
        "emoji 👩🏽‍💻🏳️‍🌈🎉 and flags 🇩🇪🇫🇷",
        "e\u{301}\u{302}\u{303}\u{304} combining marks on one base",
        "\u{202E}evil override\u{202C} and \u{2066}isolate\u{2069}",
        String(repeating: "Ω", count: 200),
        "x",
    ]

    @Test(arguments: samples)
    func wordsAreAtMost75CharactersAndEachDecodesToValidUTF8(text: String) throws {
        let words = EncodedWord.encode(text)
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(Self.decode(word) != nil, "\(word) splits a UTF-8 sequence")
        }
        #expect(words.compactMap(Self.decode).joined() == text)
        #expect(words.compactMap(Self.decode).joined().unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test func theFirstWordFitsTheSpaceLeftOnItsLine() {
        let words = EncodedWord.encode(String(repeating: "é", count: 100), firstBudget: 40)
        #expect((words.first?.utf8.count ?? 0) <= 40)
        #expect(words.dropFirst().allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func aFourByteScalarIsNeverSplitEvenWithATinyBudget() {
        for budget in [0, 10, 24, 25, 30] {
            let words = EncodedWord.encode("🎉🎉🎉", firstBudget: budget)
            #expect(words.allSatisfy { Self.decode($0) != nil })
            #expect(words.compactMap(Self.decode).joined() == "🎉🎉🎉")
        }
    }

    @Test func emptyTextIsOneEmptyWord() {
        #expect(EncodedWord.encode("") == ["=?UTF-8?B??="])
    }
}
