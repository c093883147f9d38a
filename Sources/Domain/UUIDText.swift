import Foundation

/// UUIDs to and from their 36-character text without Foundation, whose `uuidString` formats through
/// `snprintf` and whose `UUID(uuidString:)` parses through `sscanf`: together a tenth of the CPU of a
/// list request, where every row carries four or five ids.
extension UUID {
    /// `uuidString`'s text, upper case (as SQLite stores UUIDs here) or lower case (as the API writes them).
    public func hexText(upper: Bool) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            writeHex(upper: upper, into: out)
            return 36
        }
    }

    /// Appends the lower-case text to `bytes`, for writers that build bytes rather than strings.
    public func appendLowercaseHex(to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 36))
        bytes.withUnsafeMutableBufferPointer { all in
            writeHex(upper: false, into: UnsafeMutableBufferPointer(rebasing: all[start..<start + 36]))
        }
    }

    private func writeHex(upper: Bool, into out: UnsafeMutableBufferPointer<UInt8>) {
        let digits: StaticString = upper ? "0123456789ABCDEF" : "0123456789abcdef"
        withUnsafeBytes(of: uuid) { bytes in
            digits.withUTF8Buffer { hex in
                var o = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[o] = UInt8(ascii: "-")
                        o += 1
                    }
                    out[o] = hex[Int(bytes[i] >> 4)]
                    out[o + 1] = hex[Int(bytes[i] & 0x0F)]
                    o += 2
                }
            }
        }
    }

    /// Reads `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits in either case; nil for anything else.
    /// Stricter than `UUID(uuidString:)`, whose `sscanf` lets a sign or a space through inside a pair.
    public init?(hexText text: some StringProtocol) {
        let utf8 = text.utf8
        guard let parsed = utf8.withContiguousStorageIfAvailable({ Self.parse($0) }) ?? Self.parse(Array(utf8)) else { return nil }
        self.init(uuid: parsed)
    }

    private static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> uuid_t? {
        guard bytes.count == 36 else { return nil }
        var out: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &out) { target -> Bool in
            var index = bytes.startIndex
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    guard bytes[index] == UInt8(ascii: "-") else { return false }
                    index = bytes.index(after: index)
                }
                guard let high = nibble(bytes[index]), let low = nibble(bytes[bytes.index(after: index)]) else { return false }
                target[i] = high << 4 | low
                index = bytes.index(index, offsetBy: 2)
            }
            return true
        }
        return ok ? out : nil
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
