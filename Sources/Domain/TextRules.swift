/// The one rule for characters in user text, applied in validation on every path (JSON, forms, query
/// parameters, imports) so SQLite and PostgreSQL store the same things.
public enum TextRules {
    public static let controlMessage = "must not contain control characters (U+0000 to U+001F other than tab and line breaks)"

    /// True when the text holds a C0 control character other than tab, line feed and carriage return.
    public static func hasForbiddenControl(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }
}
