/// Trimming by Unicode scalars with the same sets as Foundation's `CharacterSet.whitespaces` and
/// `.whitespacesAndNewlines`. Foundation's `trimmingCharacters(in:)` bridges through `NSString` and
/// copies the result from UTF-16 code units, which was half of an import's time; this walks the
/// scalars from both ends and returns a slice of the original (linear, no copy). Scalars, not
/// `Character`s, so a space before a combining mark is trimmed exactly as Foundation trims it.
public enum ScalarSpace {
    /// Unicode general category Zs, U+0009 and U+200B (zero width space): what `CharacterSet.whitespaces`
    /// holds on Linux (Core Foundation counts U+200B as whitespace).
    @inline(__always)
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || v == 0x09 }
        switch v {
        case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `isSpace` plus U+000A-U+000D, U+0085, U+2028 and U+2029: what `CharacterSet.whitespacesAndNewlines` holds.
    @inline(__always)
    public static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        switch v {
        case 0x85, 0x2028, 0x2029: return true
        default: return isSpace(scalar)
        }
    }

    /// The text without `isSpace` scalars at either end.
    public static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        trimmed(text, where: isSpace)
    }

    /// The text without `isSpaceOrNewline` scalars at either end.
    public static func trimmedWithNewlines<S: StringProtocol>(_ text: S) -> Substring {
        trimmed(text, where: isSpaceOrNewline)
    }

    /// As `trimmed`, as a `String`; the original string itself when there is nothing to trim.
    public static func trimmedString(_ text: String) -> String {
        let slice = trimmed(text)
        return slice.utf8.count == text.utf8.count ? text : String(slice)
    }

    /// As `trimmedWithNewlines`, as a `String`; the original string itself when there is nothing to trim.
    public static func trimmedStringWithNewlines(_ text: String) -> String {
        let slice = trimmedWithNewlines(text)
        return slice.utf8.count == text.utf8.count ? text : String(slice)
    }

    /// Whether the text is empty or only `isSpace` scalars.
    public static func isBlank<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.allSatisfy(isSpace)
    }

    @inline(__always)
    static func trimmed<S: StringProtocol>(_ text: S, where drop: (Unicode.Scalar) -> Bool) -> Substring {
        let whole = Substring(text)
        let scalars = whole.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, drop(scalars[start]) { scalars.formIndex(after: &start) }
        while end > start {
            let before = scalars.index(before: end)
            guard drop(scalars[before]) else { break }
            end = before
        }
        return Substring(scalars[start..<end])
    }
}
