import Foundation

/// One email as the product sends it: plain text, optionally HTML, optionally a calendar invitation,
/// optionally one-click unsubscribe. `render()` turns it into the bytes for DATA.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    /// One line of text; use `HeaderText.singleLine(_:)` on user input. Control characters are refused.
    public var subject: String
    public var text: String
    /// A complete HTML document. Escape every user value in it (`MailHTML.escape(_:)`).
    public var html: String?
    public var calendar: CalendarInvitation?
    public var unsubscribe: OneClickUnsubscribe?
    public var date: Date
    /// The part between "<" and ">"; made up from a UUID and the sender's domain when nil.
    public var messageID: String?

    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil,
        calendar: CalendarInvitation? = nil, unsubscribe: OneClickUnsubscribe? = nil,
        replyTo: MailAddress? = nil, date: Date = Date(), messageID: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.calendar = calendar
        self.unsubscribe = unsubscribe
        self.replyTo = replyTo
        self.date = date
        self.messageID = messageID
    }

    /// The message in RFC 5322/MIME form with CRLF line ends, ready for `SMTPClient.send(data:...)`.
    public func render() throws(SMTPError) -> [UInt8] {
        try MIMERenderer.render(self)
    }
}

/// An iCalendar object sent as an invitation: an inline `text/calendar; method=...` alternative (what
/// Gmail and Outlook act on) plus the same bytes as an `.ics` attachment (what other clients import).
public struct CalendarInvitation: Sendable {
    public var ics: String
    /// The iTIP method (RFC 5546); it must match the METHOD property inside `ics`.
    public var method: String
    public var filename: String

    public init(ics: String, method: String = "REQUEST", filename: String = "invite.ics") {
        self.ics = ics
        self.method = method
        self.filename = filename
    }
}

/// `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the mail client
/// POSTs to the URL to unsubscribe without opening a page. RFC 8058 requires an https URL.
public struct OneClickUnsubscribe: Sendable {
    public var url: String

    public init(url: String) {
        self.url = url
    }
}

/// Escaping for values put into the HTML body.
public enum MailHTML {
    /// Escapes &, <, >, " and ' by Unicode scalar. Comparing Swift Characters would miss a "<" that a
    /// following combining mark turns into a different grapheme.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
