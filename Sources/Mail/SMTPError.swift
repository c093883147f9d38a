/// Where in the SMTP dialogue something went wrong. A delivery queue logs it; an operator reads it.
public enum SMTPStage: String, Sendable, Equatable {
    case configuration, message, connect, greeting, hello, startTLS, authentication, mailFrom, recipient, data, body, quit
}

/// Every failure of this module, typed so that a delivery queue can decide to retry or give up.
///
/// It carries the server's reply (code and text) when there was one, and never message content or passwords.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Error, Sendable, Equatable {
        /// The URL or another setting is wrong; the text names the problem.
        case invalidConfiguration(String)
        /// An address is not one this client will put on the wire (CR, LF, NUL, spaces, ...).
        case invalidAddress(String)
        /// A header value or body cannot be sent as given (a control character in a subject, a line over 998 bytes).
        case invalidMessage(String)
        /// The TCP connection could not be made: refused, unreachable, name not resolved.
        case connectionFailed(String)
        /// The server closed the connection or an I/O error broke it mid-dialogue.
        case connectionLost(String)
        /// One wait (connect, a reply) took longer than the command timeout.
        case timeout
        /// The whole delivery took longer than the total timeout.
        case deadlineExceeded
        /// The TLS handshake or the certificate check failed.
        case tlsFailed(String)
        /// Credentials are configured, but the connection is not encrypted and may not carry them.
        case encryptionRequired
        /// The server offers no AUTH mechanism this client speaks (PLAIN, LOGIN), or no AUTH at all.
        case authenticationUnavailable(String)
        /// The message needs an extension the server does not advertise (SMTPUTF8, 8BITMIME), or exceeds its SIZE.
        case unsupportedByServer(String)
        /// The server answered with a 4xx or 5xx (or an unexpected code).
        case rejected(SMTPReply)
        /// The server's reply breaks the protocol (not a code, mixed codes, data after STARTTLS's 220).
        case malformedReply(String)
        /// A reply line or a whole reply exceeded the bounds this client buffers.
        case replyTooLong
    }

    public let reason: Reason
    public let stage: SMTPStage

    public init(_ reason: Reason, stage: SMTPStage) {
        self.reason = reason
        self.stage = stage
    }

    /// The server's reply, when the failure is one.
    public var reply: SMTPReply? {
        if case .rejected(let reply) = reason { return reply }
        return nil
    }

    /// True when sending the same message with the same configuration would fail the same way:
    /// a 5xx reply, bad input or configuration, a missing server extension. A queue should not retry these.
    /// False for what may pass later: a 4xx reply, timeouts, refused or lost connections, TLS failures
    /// (a certificate may be renewed, a STARTTLS-stripping middlebox may go away), malformed replies.
    public var isPermanent: Bool {
        switch reason {
        case .invalidConfiguration, .invalidAddress, .invalidMessage, .authenticationUnavailable, .unsupportedByServer:
            return true
        case .rejected(let reply):
            return reply.code >= 500
        case .connectionFailed, .connectionLost, .timeout, .deadlineExceeded, .tlsFailed, .encryptionRequired,
            .malformedReply, .replyTooLong:
            return false
        }
    }

    public var description: String {
        let what: String
        switch reason {
        case .invalidConfiguration(let text): what = "invalid configuration: \(text)"
        case .invalidAddress(let text): what = "invalid address: \(text)"
        case .invalidMessage(let text): what = "invalid message: \(text)"
        case .connectionFailed(let text): what = "connection failed: \(text)"
        case .connectionLost(let text): what = "connection lost: \(text)"
        case .timeout: what = "timed out waiting for the server"
        case .deadlineExceeded: what = "the total time allowed for the delivery ran out"
        case .tlsFailed(let text): what = "TLS failed: \(text)"
        case .encryptionRequired: what = "credentials are configured but the connection is not encrypted (the server did not offer STARTTLS)"
        case .authenticationUnavailable(let text): what = "no usable authentication: \(text)"
        case .unsupportedByServer(let text): what = "the server cannot take this message: \(text)"
        case .rejected(let reply): what = "the server replied \(reply)"
        case .malformedReply(let text): what = "malformed reply: \(text)"
        case .replyTooLong: what = "the server's reply exceeded the size limit"
        }
        return "SMTP \(stage.rawValue): \(what)"
    }
}
