/// The one escaping function per output format. Every piece of user text that leaves Rebound inside
/// markup goes through one of these.
///
/// They work on UTF-8 bytes or Unicode scalars, never on `Character`s: a grapheme cluster such as
/// U+0600 followed by `<`, or `"` followed by U+0301, is not equal to `<` or `"`, so escaping that
/// compares characters lets live markup through. Every special character here is ASCII, and an ASCII
/// byte never occurs inside a multi-byte UTF-8 sequence, so a byte scan is exact.
public enum Escape {
    /// HTML and SVG element content and quoted attribute values. NUL and other C0 controls (which HTML
    /// parsers reject or mangle) become U+FFFD; tab, line feed and carriage return stay.
    public static func html(_ text: String) -> String {
        mapBytes(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            case 0x09, 0x0A, 0x0D: nil
            case 0x00...0x1F, 0x7F: "\u{FFFD}"
            default: nil
            }
        }
    }

    /// Markdown text that cannot add structure, links or HTML. Line breaks become spaces unless kept (a
    /// paragraph may span lines; a list item or table cell may not).
    public static func markdown(_ text: String, keepingLines: Bool = false) -> String {
        mapBytes(text) { byte in
            switch byte {
            case UInt8(ascii: "\\"): "\\\\"
            case UInt8(ascii: "`"): "\\`"
            case UInt8(ascii: "*"): "\\*"
            case UInt8(ascii: "_"): "\\_"
            case UInt8(ascii: "["): "\\["
            case UInt8(ascii: "]"): "\\]"
            case UInt8(ascii: "#"): "\\#"
            case UInt8(ascii: "<"): "\\<"
            case UInt8(ascii: ">"): "\\>"
            case UInt8(ascii: "|"): "\\|"
            case UInt8(ascii: "!"): "\\!"
            case 0x0A: keepingLines ? nil : " "
            case 0x0D: keepingLines ? "" : " "
            case 0x09: nil
            case 0x00...0x1F, 0x7F: "\u{FFFD}"
            default: nil
            }
        }
    }

    /// An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line
    /// break as `\n`; other control characters, which a content line may not hold, are dropped.
    public static func icsText(_ text: String) -> String {
        mapBytes(text) { byte in
            switch byte {
            case UInt8(ascii: "\\"): "\\\\"
            case UInt8(ascii: ";"): "\\;"
            case UInt8(ascii: ","): "\\,"
            case 0x0A: "\\n"
            case 0x0D: ""  // CR LF is one line break, a lone CR is dropped
            case 0x09: nil
            case 0x00...0x1F, 0x7F: ""
            default: nil
            }
        }
    }

    /// An iCalendar parameter value such as `CN`, quoted. DQUOTE and control characters cannot appear
    /// in one (RFC 5545 §3.1), so they are dropped.
    public static func icsParameter(_ text: String) -> String {
        "\"" + mapBytes(text) { byte in
            switch byte {
            case UInt8(ascii: "\""): ""
            case 0x09: " "
            case 0x00...0x1F, 0x7F: ""
            default: nil
            }
        } + "\""
    }

    /// A CSV field (RFC 4180): quoted when it holds a separator, quote or line break, quotes doubled.
    /// A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
    /// prefixed with `'` so that opening the file runs nothing.
    public static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            value = "'" + value
        }
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return value }
        return "\"" + mapBytes(value) { $0 == UInt8(ascii: "\"") ? "\"\"" : nil } + "\""
    }

    /// Slack mrkdwn text: `&`, `<` and `>` are its control characters (a `<` starts a link or a
    /// mention). Line breaks become spaces so that a value cannot start a block of its own.
    public static func slack(_ text: String) -> String {
        mapBytes(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case 0x0A, 0x0D, 0x09: " "
            case 0x00...0x1F, 0x7F: ""
            default: nil
            }
        }
    }

    /// A JSON string, quotes included, appended as UTF-8 bytes and written as Foundation's `JSONEncoder`
    /// writes it: quote, backslash and slash escaped, `\b \f \n \r \t` for those controls, `\u00xx`
    /// for the other C0 controls; everything else as it is.
    public static func json(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text  // `withUTF8` makes a string contiguous first when it is not (a copy only then).
        text.withUTF8 { jsonBody($0, into: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Copies runs of bytes that need no escape in one append each: most text has none.
    private static func jsonBody(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            default: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Copies `text` byte by byte, replacing each byte for which `replacement` returns a string.
    /// Only ASCII bytes are ever offered: bytes of multi-byte sequences pass through unchanged.
    private static func mapBytes(_ text: String, _ replacement: (UInt8) -> String?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte < 0x80, let replaced = replacement(byte) {
                out.append(contentsOf: replaced.utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
