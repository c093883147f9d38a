/// One SMTP reply: a three-digit code and one or more lines of text (RFC 5321 section 4.2).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    /// The text of each line, after the code and its separator; as the server sent it, decoded as UTF-8.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<300).contains(code) }
    public var isIntermediate: Bool { (300..<400).contains(code) }

    /// Code and text on one line, with control characters replaced: a hostile server's reply ends up in
    /// logs, and must not forge log lines or terminal escapes there.
    public var description: String {
        let text = lines.joined(separator: " / ")
        let safe = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
        }))
        let bounded = safe.unicodeScalars.count > 300 ? String(String.UnicodeScalarView(safe.unicodeScalars.prefix(300))) + "..." : safe
        return bounded.isEmpty ? "\(code)" : "\(code) \(bounded)"
    }
}

/// Turns the bytes a server sends into replies, keeping bounded state: a hostile or broken server
/// must not make us buffer without limit, so a line over `maxLineLength` or a reply over `maxLines`
/// lines is an error instead of more memory.
struct SMTPReplyParser {
    /// RFC 5321 allows 512 octets per reply line; real servers send a little more at times.
    static let maxLineLength = 2048
    /// An EHLO reply lists one extension per line; a few dozen is already a lot.
    static let maxLines = 128

    private var line: [UInt8] = []
    private var code: Int?
    private var texts: [String] = []

    /// True while part of a reply has arrived: after a STARTTLS 220 nothing may be pending,
    /// or a man in the middle could have injected plaintext replies to be read after the handshake.
    var hasPartialReply: Bool { !line.isEmpty || code != nil }

    /// Feeds the bytes, returns the replies they complete. After an error the parser must not be used again.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(SMTPError.Reason) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if let reply = try endLine() { replies.append(reply) }
                line.removeAll(keepingCapacity: true)
            } else {
                // The limit counts the text without its line end; the CR of a CRLF may follow it.
                guard line.count < Self.maxLineLength || (line.count == Self.maxLineLength && byte == 0x0D) else {
                    throw .replyTooLong
                }
                line.append(byte)
            }
        }
        return replies
    }

    /// "250-text" continues a reply, "250 text" or "250" ends it; every line of a reply has the same code.
    private mutating func endLine() throws(SMTPError.Reason) -> SMTPReply? {
        guard line.count >= 3, line[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
            (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(line[0])
        else {
            throw .malformedReply("a reply line does not start with a code from 200 to 599")
        }
        let lineCode = Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
        let last: Bool
        if line.count == 3 {
            last = true
        } else if line[3] == UInt8(ascii: " ") {
            last = true
        } else if line[3] == UInt8(ascii: "-") {
            last = false
        } else {
            throw .malformedReply("a reply code is followed by neither a space nor a hyphen")
        }
        if let code, code != lineCode {
            throw .malformedReply("the lines of one reply carry different codes (\(code), \(lineCode))")
        }
        guard texts.count < Self.maxLines else { throw .replyTooLong }
        code = lineCode
        texts.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard last else { return nil }
        let reply = SMTPReply(code: lineCode, lines: texts)
        code = nil
        texts = []
        return reply
    }
}
