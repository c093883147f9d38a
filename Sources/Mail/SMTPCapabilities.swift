/// What the server advertised in its EHLO reply (RFC 5321 section 4.1.1.1): one extension per line after the first.
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var eightBitMIME = false
    var smtpUTF8 = false
    /// Upper-cased mechanism names, e.g. ["PLAIN", "LOGIN"].
    var authMechanisms: Set<String> = []
    /// The SIZE the server accepts; nil when not advertised or 0 (no limit).
    var sizeLimit: Int?

    /// After HELO (no EHLO) there are no extensions.
    static let none = SMTPCapabilities()

    init() {}

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first?.uppercased() else { continue }
            let parameters = words.dropFirst().map { $0.uppercased() }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtpUTF8 = true
            case "AUTH": authMechanisms.formUnion(parameters)
            case "SIZE":
                if let limit = parameters.first.flatMap({ Int($0) }), limit > 0 { sizeLimit = limit }
            default:
                // Old servers announce "AUTH=PLAIN LOGIN" as well as (or instead of) "AUTH PLAIN LOGIN".
                if keyword.hasPrefix("AUTH=") {
                    authMechanisms.insert(String(keyword.dropFirst(5)))
                    authMechanisms.formUnion(parameters)
                }
            }
        }
    }
}
