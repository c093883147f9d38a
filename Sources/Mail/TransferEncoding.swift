import Foundation

/// Content-Transfer-Encodings for bodies: every rendered line is short ASCII whatever the text, so the
/// message passes any relay (7bit-only ones included) and no body line can end the DATA or a MIME part.
enum TransferEncoding {
    /// Quoted-printable (RFC 2045 section 6.7) for text: line ends in the text become CRLF hard breaks
    /// (CR, LF and CRLF alike); output lines are at most 76 characters with soft breaks ("=" at the end).
    /// "=", bytes outside printable ASCII, and spaces or tabs before a line end are written as "=XX".
    /// No CRLF is added at the end: the text decodes back exactly, a final newline only if it had one.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 8 + 16)
        var lineLength = 0
        var index = 0

        // Soft break when a token of `width` characters and a closing "=" would not fit in 76.
        func breakIfNeeded(_ width: Int) {
            if lineLength + width > 75 {
                out.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                lineLength = 0
            }
            lineLength += width
        }

        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, index + 1 < input.count, input[index + 1] == 0x0A { index += 1 }
                out.append(contentsOf: [0x0D, 0x0A])
                lineLength = 0
                index += 1
                continue
            }
            let next = index + 1 < input.count ? input[index + 1] : nil
            let beforeLineEnd = next == nil || next == 0x0D || next == 0x0A
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !beforeLineEnd)
            if literal {
                breakIfNeeded(1)
                out.append(byte)
            } else {
                breakIfNeeded(3)
                out.append(UInt8(ascii: "="))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
            index += 1
        }
        return out
    }

    /// Base64 in lines of 76 characters (RFC 2045 section 6.8), separated by CRLF.
    static func base64(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            if start > 0 { out.append(contentsOf: [0x0D, 0x0A]) }
            let end = min(start + 76, encoded.count)
            out.append(contentsOf: encoded[start..<end])
            start = end
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
