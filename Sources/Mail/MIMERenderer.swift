import Foundation

/// Renders a `MailMessage` as RFC 5322 + MIME bytes.
///
/// Layout: text only is one text/plain part; with HTML, multipart/alternative (text, then HTML: readers
/// show the last one they understand); with an invitation, multipart/mixed around that alternative (with
/// the text/calendar part as its last alternative) plus the .ics attachment.
/// Bodies are quoted-printable (text) or base64 (calendar), so every line is ASCII and at most 76
/// characters; headers are folded at 76 where they have spaces to fold at, and never exceed 998.
enum MIMERenderer {
    static func render(_ message: MailMessage) throws(SMTPError) -> [UInt8] {
        guard !message.to.isEmpty else { throw invalid("the message has no recipient") }
        try HeaderText.validate(message.subject, field: "subject")

        var headers: [String] = []
        headers.append("Date: " + rfc5322Date(message.date))
        headers.append(addressHeader("From", [message.from]))
        headers.append(addressHeader("To", message.to))
        if let replyTo = message.replyTo { headers.append(addressHeader("Reply-To", [replyTo])) }
        headers.append(try subjectHeader(message.subject))
        headers.append("Message-ID: <\(try messageID(message))>")
        headers.append("MIME-Version: 1.0")
        if let unsubscribe = message.unsubscribe {
            try validateUnsubscribe(unsubscribe.url)
            headers.append("List-Unsubscribe: <\(unsubscribe.url)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }

        let body = try bodyPart(message)
        var out: [UInt8] = []
        out.reserveCapacity(body.body.count + 2048)
        for header in headers + body.headers {
            out.append(contentsOf: header.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        out.append(contentsOf: [0x0D, 0x0A])
        out.append(contentsOf: body.body)
        return out
    }

    // MARK: Parts

    /// A MIME entity: its own Content-* headers and its encoded body (no CRLF at the end: the CRLF before
    /// a boundary belongs to the boundary, RFC 2046 section 5.1.1).
    private struct Part {
        var headers: [String]
        var body: [UInt8]
    }

    private static func bodyPart(_ message: MailMessage) throws(SMTPError) -> Part {
        var alternatives = [textPart(message.text, subtype: "plain")]
        if let html = message.html { alternatives.append(textPart(html, subtype: "html")) }
        guard let calendar = message.calendar else {
            return alternatives.count == 1 ? alternatives[0] : multipart("alternative", alternatives)
        }
        try validate(calendar)
        let bytes = Array(calendar.ics.utf8)
        alternatives.append(
            Part(
                headers: [
                    "Content-Type: text/calendar; method=\(calendar.method); charset=UTF-8",
                    "Content-Transfer-Encoding: base64",
                ],
                body: TransferEncoding.base64(bytes)))
        let attachment = Part(
            headers: [
                "Content-Type: application/ics; name=\"\(calendar.filename)\"",
                "Content-Disposition: attachment; filename=\"\(calendar.filename)\"",
                "Content-Transfer-Encoding: base64",
            ],
            body: TransferEncoding.base64(bytes))
        return multipart("mixed", [multipart("alternative", alternatives), attachment])
    }

    private static func textPart(_ text: String, subtype: String) -> Part {
        Part(
            headers: ["Content-Type: text/\(subtype); charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"],
            body: TransferEncoding.quotedPrintable(text))
    }

    /// The boundary starts with "=_": quoted-printable writes "=" only before two hex digits and base64
    /// has no "_", so no encoded body line can ever equal a boundary line.
    private static func multipart(_ subtype: String, _ parts: [Part]) -> Part {
        let boundary = "=_rebound_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var body: [UInt8] = []
        body.reserveCapacity(parts.reduce(0) { $0 + $1.body.count + 512 })
        for part in parts {
            body.append(contentsOf: "--\(boundary)\r\n".utf8)
            for header in part.headers { body.append(contentsOf: "\(header)\r\n".utf8) }
            body.append(contentsOf: [0x0D, 0x0A])
            body.append(contentsOf: part.body)
            body.append(contentsOf: [0x0D, 0x0A])
        }
        body.append(contentsOf: "--\(boundary)--".utf8)
        return Part(headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], body: body)
    }

    // MARK: Headers

    /// Builds one header field, folding before a token that would take its line past 76 characters.
    struct HeaderField {
        static let foldAt = 76
        private var lines: [String] = []
        private var current: String
        private let name: String

        init(_ name: String) {
            self.name = name
            current = name + ":"
        }

        mutating func add(_ token: String) {
            if current.utf8.count + 1 + token.utf8.count > Self.foldAt, current != name + ":" {
                lines.append(current)
                current = " " + token
            } else {
                current += " " + token
            }
        }

        /// Encoded-words, the first sized to what is left of the current line.
        mutating func addEncoded(_ text: String) {
            let left = Self.foldAt - current.utf8.count - 1
            for word in EncodedWord.encode(text, firstBudget: left >= 24 ? left : EncodedWord.maxLength) {
                add(word)
            }
        }

        var rendered: String { (lines + [current]).joined(separator: "\r\n") }
        var longestLine: Int { (lines + [current]).map(\.utf8.count).max() ?? 0 }
    }

    /// Plain ASCII stays readable when it can be folded at single spaces; anything else (non-ASCII,
    /// runs of spaces that folding would mangle, text that looks like an encoded-word) is encoded.
    static func subjectHeader(_ subject: String) throws(SMTPError) -> String {
        if subject.isEmpty { return "Subject: " }
        if isPlainASCII(subject) {
            var field = HeaderField("Subject")
            for word in subject.split(separator: " ") { field.add(String(word)) }
            if field.longestLine <= 998 { return field.rendered }
        }
        var field = HeaderField("Subject")
        field.addEncoded(subject)
        return field.rendered
    }

    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !text.contains("=?") && !text.hasPrefix(" ")
            && !text.hasSuffix(" ") && !text.contains("  ")
    }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    /// From, To, Reply-To: `name <address>` per mailbox, comma-separated. A name of atoms stays as is,
    /// other ASCII becomes a quoted-string, and non-ASCII becomes encoded-words (RFC 2047 section 5(3)).
    static func addressHeader(_ name: String, _ mailboxes: [MailAddress]) -> String {
        var field = HeaderField(name)
        for (index, mailbox) in mailboxes.enumerated() {
            let separator = index == mailboxes.count - 1 ? "" : ","
            guard let display = mailbox.displayName else {
                field.add(mailbox.address + separator)
                continue
            }
            if isPlainASCII(display), display.utf8.allSatisfy({ atext.contains($0) || $0 == 0x20 }) {
                for word in display.split(separator: " ") { field.add(String(word)) }
            } else if display.utf8.allSatisfy({ (0x20...0x7E).contains($0) }), !display.contains("=?"), display.utf8.count <= 60 {
                let escaped = display.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                field.add("\"\(escaped)\"")
            } else {
                field.addEncoded(display)
            }
            field.add("<\(mailbox.address)>" + separator)
        }
        return field.rendered
    }

    private static func messageID(_ message: MailMessage) throws(SMTPError) -> String {
        if let id = message.messageID {
            let parts = id.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, id.utf8.count <= 250,
                id.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
            else { throw invalid("the Message-ID must look like left@right in printable ASCII without < or >") }
            return id
        }
        let domain = message.from.domain.utf8.allSatisfy { $0 < 0x80 } ? String(message.from.domain) : "rebound.invalid"
        return UUID().uuidString.lowercased() + "@" + domain
    }

    private static func validateUnsubscribe(_ url: String) throws(SMTPError) {
        guard url.lowercased().hasPrefix("https://"), url.utf8.count > 8, url.utf8.count <= 900 else {
            throw invalid("the unsubscribe URL must be an https URL of at most 900 bytes (RFC 8058)")
        }
        guard url.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }) else {
            throw invalid("the unsubscribe URL may only contain printable ASCII without spaces, <, > or quotes (percent-encode the rest)")
        }
    }

    private static func validate(_ calendar: CalendarInvitation) throws(SMTPError) {
        guard (1...32).contains(calendar.method.utf8.count),
            calendar.method.utf8.allSatisfy({ (0x41...0x5A).contains($0) || $0 == UInt8(ascii: "-") })
        else { throw invalid("the calendar method must be an upper-case iTIP method such as REQUEST") }
        guard (1...64).contains(calendar.filename.utf8.count), calendar.filename.first != ".",
            calendar.filename.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ("g"..."z").contains($0) || ("G"..."Z").contains($0) || "._-".unicodeScalars.contains($0) })
        else { throw invalid("the calendar file name may only contain letters, digits and . - _") }
        guard !calendar.ics.isEmpty else { throw invalid("the calendar invitation is empty") }
    }

    private static func invalid(_ why: String) -> SMTPError { SMTPError(.invalidMessage(why), stage: .message) }

    // MARK: Date

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322 section 3.3 in UTC, e.g. "Wed, 02 Dec 2026 07:11:33 +0000"; English names whatever the locale.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
