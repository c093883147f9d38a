/// Rules for text that goes into a header: subjects and display names.
public enum HeaderText {
    /// Refuses control characters: C0 (CR, LF, NUL, TAB, ...), DEL and C1. CR and LF would start a new
    /// header (injection), NUL truncates strings in many readers. Callers that take text from users turn it
    /// into one line first with `singleLine(_:)`, so refusing here only ever catches a bug.
    static func validate(_ text: String, field: String) throws(SMTPError) {
        if let bad = text.unicodeScalars.first(where: isControl) {
            throw SMTPError(.invalidMessage("the \(field) contains the control character U+\(hex(bad))"), stage: .message)
        }
    }

    /// User text made fit for a header: every run of whitespace or control characters (newlines included)
    /// becomes one space, and the ends are trimmed. Works on Unicode scalars, so a combining mark after a
    /// newline cannot hide the newline in one grapheme.
    public static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isControl(scalar) || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
