/// Escapes text for HTML and SVG (element content and quoted attribute values). Mustache escapes
/// template values by itself; this is for the few fragments built in Swift (search snippets, charts).
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text { out += escape(character) }
        return out
    }

    static func escape(_ character: Character) -> String {
        switch character {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\"": "&quot;"
        case "'": "&#39;"
        default: String(character)
        }
    }
}
