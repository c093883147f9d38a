import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers messages to one SMTP server: a connection per delivery, no pipelining, no connection reuse.
/// (Product email is a few messages a minute; a fresh connection is simple and never in a stale state.)
///
/// The dialogue: greeting, EHLO (HELO if the server does not know EHLO), STARTTLS when offered and
/// EHLO again, AUTH when credentials are configured, MAIL FROM, RCPT TO for each recipient, DATA, QUIT.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let tlsContext: NIOSSLContext

    /// Builds the TLS context once (loading the system's trust store is not free).
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "rebound.mail.smtp")
    ) throws(SMTPError) {
        try MailAddress.validate(address: configuration.from.address)
        guard configuration.heloName.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), !configuration.heloName.isEmpty else {
            throw SMTPError(.invalidConfiguration("the EHLO name must be printable ASCII without spaces"), stage: .configuration)
        }
        if let credentials = configuration.credentials {
            // A NUL would shift the fields of AUTH PLAIN (user, NUL, password); CR and LF have no place in either.
            guard !credentials.username.isEmpty, !(credentials.username + credentials.password).unicodeScalars.contains(where: HeaderText.isControl) else {
                throw SMTPError(.invalidConfiguration("the SMTP user name is empty, or user name or password contains a control character"), stage: .configuration)
            }
        }
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if !configuration.additionalTrustRoots.isEmpty {
            tls.additionalTrustRoots = [.certificates(configuration.additionalTrustRoots)]
        }
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.invalidConfiguration("the TLS settings cannot be used: \(error)"), stage: .configuration)
        }
    }

    /// Renders and sends `message` from the configured sender to its To addresses.
    /// Returns the server's reply to the message (it often names the queue id).
    @discardableResult
    public func send(_ message: MailMessage) async throws(SMTPError) -> SMTPReply {
        try await send(data: message.render(), to: message.to)
    }

    /// Sends already-rendered message bytes. Every recipient must be accepted, or nothing is sent:
    /// a queue retrying a partial delivery would send duplicates to the others.
    @discardableResult
    public func send(data: [UInt8], to recipients: [MailAddress]) async throws(SMTPError) -> SMTPReply {
        guard !recipients.isEmpty else { throw SMTPError(.invalidMessage("no recipient"), stage: .message) }
        let encoded = try SMTPDataEncoder.encode(data)
        let needsUTF8 = configuration.from.needsSMTPUTF8 || recipients.contains(where: \.needsSMTPUTF8)
        let needs8bit = data.contains { $0 >= 0x80 }

        let deadline = NIODeadline.now() + TimeAmount(configuration.totalTimeout)
        let tls = configuration.security == .implicitTLS ? (tlsContext, serverHostname) : nil
        let connection = try await SMTPConnection.connect(
            host: configuration.host, port: configuration.port, tls: tls,
            connectTimeout: TimeAmount(configuration.connectTimeout), commandTimeout: TimeAmount(configuration.commandTimeout),
            deadline: deadline, group: group)
        do {
            let reply = try await dialogue(connection, encoded: encoded, size: data.count, recipients: recipients, needsUTF8: needsUTF8, needs8bit: needs8bit)
            // The message is accepted: a failing or silent QUIT changes nothing, so it is not an error,
            // and it may not hold up the caller for long.
            _ = try? await connection.command("QUIT", stage: .quit, limit: Self.quitWait)
            await connection.close()
            return reply
        } catch {
            logger.debug("SMTP delivery failed", metadata: ["error": "\(error)"])
            if error.reply != nil {
                // The server is still talking: say goodbye properly, without waiting long.
                _ = try? await connection.command("QUIT", stage: .quit, limit: Self.quitWait)
            }
            await connection.close()
            throw error
        }
    }

    /// How long to wait for the reply to QUIT, which changes nothing either way.
    static let quitWait = TimeAmount.seconds(2)

    /// SNI and certificate checks use the host name; for an IP address NIOSSL checks the certificate's
    /// IP entries against the peer address instead (an IP may not go into SNI).
    private var serverHostname: String? {
        let host = configuration.host
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return isIP ? nil : host
    }

    private func dialogue(
        _ connection: SMTPConnection, encoded: [UInt8], size: Int, recipients: [MailAddress], needsUTF8: Bool, needs8bit: Bool
    ) async throws(SMTPError) -> SMTPReply {
        let greeting = try await connection.readReply(stage: .greeting)
        try expect(greeting, 220, stage: .greeting)

        var encrypted = configuration.security == .implicitTLS
        var capabilities = try await hello(connection)
        if configuration.security == .startTLSWhenOffered, capabilities.startTLS {
            try expect(try await command(connection, "STARTTLS", stage: .startTLS), 220, stage: .startTLS)
            try await connection.startTLS(context: tlsContext, serverHostname: serverHostname)
            encrypted = true
            // RFC 3207 section 4.2: forget what was learnt before TLS, ask again.
            capabilities = try await hello(connection)
        }

        if let credentials = configuration.credentials {
            guard encrypted || (configuration.hostIsLoopback && configuration.allowsPlaintextAuthenticationOnLoopback) else {
                throw SMTPError(.encryptionRequired, stage: .authentication)
            }
            try await authenticate(connection, credentials, capabilities)
        }

        var parameters = ""
        if needsUTF8 {
            guard capabilities.smtpUTF8 else {
                throw SMTPError(.unsupportedByServer("an address is not ASCII and the server does not offer SMTPUTF8"), stage: .mailFrom)
            }
            parameters += " SMTPUTF8"
        }
        if needs8bit {
            guard capabilities.eightBitMIME else {
                throw SMTPError(.unsupportedByServer("the message has 8-bit content and the server does not offer 8BITMIME"), stage: .mailFrom)
            }
            parameters += " BODY=8BITMIME"
        }
        if let limit = capabilities.sizeLimit {
            guard size <= limit else {
                throw SMTPError(.unsupportedByServer("the message has \(size) bytes, the server takes at most \(limit)"), stage: .mailFrom)
            }
            parameters += " SIZE=\(size)"
        }

        try expect(try await command(connection, "MAIL FROM:<\(configuration.from.address)>\(parameters)", stage: .mailFrom), 250, stage: .mailFrom)
        for recipient in recipients {
            let reply = try await command(connection, "RCPT TO:<\(recipient.address)>", stage: .recipient)
            guard reply.code == 250 || reply.code == 251 else {
                throw SMTPError(.rejected(reply), stage: .recipient)
            }
        }
        try expect(try await command(connection, "DATA", stage: .data), 354, stage: .data)
        logger.debug("SMTP C: <message, \(encoded.count) bytes>")
        connection.write(encoded)
        let accepted = try await connection.readReply(stage: .body)
        try expect(accepted, 250, stage: .body)
        return accepted
    }

    /// EHLO, or HELO when the server answers EHLO with "command not recognised" (500, 502) or
    /// "not implemented" (504); any other refusal is the server's answer.
    private func hello(_ connection: SMTPConnection) async throws(SMTPError) -> SMTPCapabilities {
        let ehlo = try await command(connection, "EHLO \(configuration.heloName)", stage: .hello)
        if ehlo.code == 250 { return SMTPCapabilities(ehlo: ehlo) }
        guard [500, 502, 504].contains(ehlo.code) else { throw SMTPError(.rejected(ehlo), stage: .hello) }
        try expect(try await command(connection, "HELO \(configuration.heloName)", stage: .hello), 250, stage: .hello)
        return .none
    }

    /// PLAIN (one round trip) when offered, else LOGIN. Both are clear text inside the connection, which
    /// is why `dialogue` requires encryption first.
    private func authenticate(_ connection: SMTPConnection, _ credentials: SMTPConfiguration.Credentials, _ capabilities: SMTPCapabilities) async throws(SMTPError) {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if capabilities.authMechanisms.contains("PLAIN") {
            // RFC 4616: authorization identity (empty), NUL, user, NUL, password.
            let token = Data([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8)).base64EncodedString()
            var reply = try await command(connection, "AUTH PLAIN \(token)", stage: .authentication, redacted: "AUTH PLAIN <redacted>")
            if reply.code == 334 {
                // A server that ignores the initial response asks for it again.
                reply = try await command(connection, token, stage: .authentication, redacted: "<redacted>")
            }
            try expect(reply, 235, stage: .authentication)
        } else if capabilities.authMechanisms.contains("LOGIN") {
            try expect(try await command(connection, "AUTH LOGIN", stage: .authentication), 334, stage: .authentication)
            try expect(
                try await command(connection, base64(credentials.username), stage: .authentication, redacted: "<user>"), 334,
                stage: .authentication)
            try expect(
                try await command(connection, base64(credentials.password), stage: .authentication, redacted: "<redacted>"), 235,
                stage: .authentication)
        } else {
            let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
            throw SMTPError(
                .authenticationUnavailable(offered.isEmpty ? "the server offers no AUTH" : "the server offers only \(offered)"),
                stage: .authentication)
        }
    }

    /// Sends a line after checking it cannot split into two commands. Logs it, or `redacted` in its place.
    private func command(_ connection: SMTPConnection, _ line: String, stage: SMTPStage, redacted: String? = nil) async throws(SMTPError) -> SMTPReply {
        guard !line.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
            throw SMTPError(.invalidMessage("a command would contain CR, LF or NUL"), stage: stage)
        }
        logger.debug("SMTP C: \(redacted ?? line)")
        let reply = try await connection.command(line, stage: stage)
        logger.debug("SMTP S: \(reply)")
        return reply
    }

    private func expect(_ reply: SMTPReply, _ code: Int, stage: SMTPStage) throws(SMTPError) {
        guard reply.code == code else { throw SMTPError(.rejected(reply), stage: stage) }
    }
}
