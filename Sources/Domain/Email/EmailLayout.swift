import Foundation

/// The parts of a nudge, rendered as plain text and as HTML from the same blocks. Every value a person
/// typed goes through `Escape.html` in the HTML; the plain text needs no escaping.
public enum EmailBlock: Equatable, Sendable {
    case paragraph(String)
    /// Someone's words (a question, an answer), shown as a quotation.
    case quote(String)
    case action(label: String, url: String)
}

public struct EmailLayout: Sendable {
    /// The one-click link of this message, and the settings page for everything else.
    public let unsubscribeURL: String
    public let settingsURL: String

    public init(unsubscribeURL: String, settingsURL: String) {
        self.unsubscribeURL = unsubscribeURL
        self.settingsURL = settingsURL
    }

    public func render(subject: String, greeting: String, blocks: [EmailBlock], kind: EmailKind, calendar: EmailCalendar? = nil) -> EmailContent {
        let footer = "You get this because Rebound emails you when \(kind.label)."
        var text = greeting + "\n\n"
        var html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(Escape.html(subject))</title></head>
            <body style="margin:0;padding:24px;background:#f6f5f2;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;line-height:1.5">
            <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
            <p style="margin:0 0 16px">\(Escape.html(greeting))</p>

            """
        for block in blocks {
            switch block {
            case .paragraph(let words):
                text += words + "\n\n"
                html += "<p style=\"margin:0 0 16px\">\(Escape.html(words))</p>\n"
            case .quote(let words):
                text += words.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n\n"
                html += "<blockquote style=\"margin:0 0 16px;padding:8px 16px;border-left:4px solid #d0d7de;white-space:pre-wrap\">\(Escape.html(words))</blockquote>\n"
            case .action(let label, let url):
                text += "\(label): \(url)\n\n"
                html += "<p style=\"margin:0 0 16px\"><a href=\"\(Escape.html(url))\" style=\"display:inline-block;background:#2f6f4f;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none\">\(Escape.html(label))</a></p>\n"
            }
        }
        text += "-- \n\(footer)\nStop these emails: \(unsubscribeURL)\nChoose what Rebound emails you: \(settingsURL)\n"
        html += """
            </div>
            <p style="max-width:560px;margin:16px auto 0;font-size:13px;color:#57606a">\(Escape.html(footer))
            <a href="\(Escape.html(unsubscribeURL))" style="color:#57606a">Stop these emails</a> ·
            <a href="\(Escape.html(settingsURL))" style="color:#57606a">Choose what Rebound emails you</a></p>
            </body></html>

            """
        return EmailContent(
            subject: HeaderLine.single(subject), text: PlainText.clean(text), html: html, calendar: calendar, unsubscribeURL: unsubscribeURL)
    }
}

/// Plain-text bodies keep line feeds and tabs; any other control character (stored text refuses them,
/// but a relay refuses a body with a NUL outright) becomes U+FFFD, and CR goes (lines end in CRLF on the wire).
enum PlainText {
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D: continue
            case 0x09, 0x0A: out.append(scalar)
            case 0x00...0x1F, 0x7F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A subject made of user text (an account's name, a debrief's title) on one line, at most 200 scalars.
enum HeaderLine {
    static func single(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < 200 else { break }
            let isBreak = scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
            out.append(isBreak ? " " : scalar)
            count += 1
        }
        return String(out)
    }
}
