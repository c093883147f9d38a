import Crypto
import Domain
import Foundation

/// One signing scheme for both directions: `X-Rebound-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`
/// with `X-Rebound-Timestamp: <unix seconds>`. Signing the timestamp lets a receiver refuse replays.
public enum WebhookSignature {
    public static let timestampHeader = "X-Rebound-Timestamp"
    public static let signatureHeader = "X-Rebound-Signature"

    public static func sign(secret: String, timestamp: String, body: some DataProtocol) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.lowercase(code)
    }
}
