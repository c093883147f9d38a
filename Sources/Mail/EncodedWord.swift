import Foundation

/// RFC 2047 encoded-words, "=?UTF-8?B?...?=", for header text that is not plain ASCII.
///
/// Each word is at most 75 characters (RFC 2047 section 2) and holds whole Unicode scalars: a UTF-8
/// sequence is never split between two words, because some readers decode each word on its own.
/// B (base64) rather than Q: its length is predictable, and it leaves nothing of the text readable to a
/// filter that would act on it (an "=?" or a quote inside a name, a CR or LF).
enum EncodedWord {
    static let maxLength = 75
    private static let overhead = "=?UTF-8?B??=".utf8.count  // 12

    /// The words for `text`; the first fits in `firstBudget` characters (what is left of its header line),
    /// the others in 75. Adjacent encoded-words are joined by folding whitespace, which readers drop.
    static func encode(_ text: String, firstBudget: Int = maxLength) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = bytesPerWord(min(maxLength, max(firstBudget, 24)))
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > budget {
                words.append(word(chunk))
                chunk.removeAll(keepingCapacity: true)
                budget = bytesPerWord(maxLength)
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    /// Base64 turns 3 bytes into 4 characters; a word of `length` characters holds this many bytes.
    private static func bytesPerWord(_ length: Int) -> Int { (length - overhead) / 4 * 3 }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
