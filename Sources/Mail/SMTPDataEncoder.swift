/// Prepares a message for the DATA command (RFC 5321 section 4.5.2): every line ends in CRLF, a line that
/// starts with "." gets a second one (dot-stuffing, so the server does not take it for the end), and the
/// data ends with the lone "." line.
enum SMTPDataEncoder {
    /// RFC 5321 section 4.5.3.1.6: 1000 octets per line including CRLF.
    static let maxLineLength = 998

    /// Bare CR and bare LF become CRLF: a bare one would reach some servers as a line end and others not,
    /// which is how SMTP smuggling works. Throws for a line longer than 998 octets.
    static func encode(_ message: [UInt8]) throws(SMTPError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var lineLength = 0
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D || byte == 0x0A {
                // CRLF, a bare CR or a bare LF: each is one line end.
                if byte == 0x0D, index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                out.append(0x0D)
                out.append(0x0A)
                lineLength = 0
                atLineStart = true
            } else {
                if atLineStart, byte == UInt8(ascii: ".") { out.append(byte) }
                atLineStart = false
                lineLength += 1
                guard lineLength <= maxLineLength else {
                    throw SMTPError(.invalidMessage("a line is longer than 998 bytes"), stage: .message)
                }
                out.append(byte)
            }
            index += 1
        }
        if !atLineStart {
            out.append(0x0D)
            out.append(0x0A)
        }
        out.append(contentsOf: [UInt8(ascii: "."), 0x0D, 0x0A])
        return out
    }
}
