import Foundation
import Logging
import Mail
import Synchronization
import Testing
import TestSupport

/// The client against a real SMTP server (aiosmtpd, started by each test on 127.0.0.1), with Python's
/// email package as the oracle for what arrived.
@Suite struct SMTPClientTests {
    func configuration(_ url: String, trust server: AiosmtpdServer? = nil) throws -> SMTPConfiguration {
        var config = try SMTPConfiguration(url: url, from: "rebound@example.com")
        config.commandTimeout = .seconds(10)
        config.totalTimeout = .seconds(30)
        if let server { try config.trustRoots(pemFile: server.caCertificate.path) }
        return config
    }

    func message(to: String = "rep@example.com", subject: String = "Your brief", text: String = "Hello\n", html: String? = nil) throws -> MailMessage {
        MailMessage(
            from: try MailAddress("rebound@example.com", displayName: "Rebound"), to: [try MailAddress(to, displayName: "Rep")],
            subject: subject, text: text, html: html)
    }

    @Test func deliversToAPlainLocalRelayWithoutAuth() async throws {
        try await AiosmtpdServer.with(.plain) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            let reply = try await client.send(try message())
            #expect(reply.code == 250)
            #expect(reply.lines.first?.hasPrefix("2.0.0 OK queued as test0001") == true)
            let received = try #require(try server.messages().first)
            #expect(received.mailFrom == "rebound@example.com")
            #expect(received.rcptTos == ["rep@example.com"])
            #expect(!received.tls)
            #expect(!received.authenticated)
            #expect(!received.mailOptions.contains("BODY=8BITMIME"), "a 7-bit message asks for no 8BITMIME")
            let parsed = try #require(received.parsed)
            #expect(parsed.subject == "Your brief")
            #expect(parsed.parts.map(\.content) == ["Hello\n"])
        }
    }

    @Test func startTLSThenAuthPlainWithTheTestCA() async throws {
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: "s3cr:t@pw") { server in
            let url = "smtp://rebound:s3cr%3At%40pw@127.0.0.1:\(server.port)"
            let client = try SMTPClient(configuration: try configuration(url, trust: server))
            try await client.send(try message())
            let received = try #require(try server.messages().first)
            #expect(received.tls)
            #expect(received.auth?.mechanism == "PLAIN")
            #expect(received.auth?.login == "rebound")
            #expect(try server.authAttempts().allSatisfy { $0.tls })
        }
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func theDebugLogShowsTheDialogueButNeverTheCredentials(mechanism: String) async throws {
        let password = "pa55-w0rd-xyz"
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: password, mechanisms: mechanism) { server in
            let log = CapturedLog()
            var logger = Logger(label: "test") { _ in log }
            logger.logLevel = .debug
            let config = try configuration("smtp://rebound:\(password)@127.0.0.1:\(server.port)", trust: server)
            try await SMTPClient(configuration: config, logger: logger).send(try message())
            let lines = log.lines
            #expect(lines.contains { $0.contains("AUTH") })
            #expect(lines.contains { $0.contains("235") })
            let secrets = [password, Data(password.utf8).base64EncodedString(), Data("\0rebound\0\(password)".utf8).base64EncodedString()]
            for secret in secrets {
                #expect(!lines.contains { $0.contains(secret) })
            }
        }
    }

    @Test func aMissingTrustRootsFileIsAConfigurationError() throws {
        var config = try SMTPConfiguration(url: "smtps://127.0.0.1", from: "rebound@example.com")
        #expect(throws: SMTPError.self) { try config.trustRoots(pemFile: "/nonexistent/ca.pem") }
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: "pw", mechanisms: "LOGIN") { server in
            let client = try SMTPClient(configuration: try configuration("smtp://rebound:pw@127.0.0.1:\(server.port)", trust: server))
            try await client.send(try message())
            #expect(try server.messages().first?.auth?.mechanism == "LOGIN")
        }
    }

    @Test func implicitTLSWithAuth() async throws {
        try await AiosmtpdServer.with(.smtps, user: "rebound", password: "pw") { server in
            let client = try SMTPClient(configuration: try configuration("smtps://rebound:pw@127.0.0.1:\(server.port)", trust: server))
            try await client.send(try message())
            let received = try #require(try server.messages().first)
            #expect(received.tls && received.authenticated)
        }
    }

    @Test func aCertificateFromAnUntrustedCAFailsAsTransientTLSErrorAndSendsNothing() async throws {
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: "pw") { server in
            let client = try SMTPClient(configuration: try configuration("smtp://rebound:pw@127.0.0.1:\(server.port)"))
            let error = await #expect(throws: SMTPError.self) { try await client.send(try message()) }
            guard case .tlsFailed = error?.reason else { Issue.record("got \(String(describing: error))"); return }
            #expect(error?.stage == .hello)
            #expect(error?.isPermanent == false)
            #expect(try server.authAttempts().isEmpty)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func implicitTLSAlsoVerifiesTheCertificate() async throws {
        try await AiosmtpdServer.with(.smtps) { server in
            let client = try SMTPClient(configuration: try configuration("smtps://127.0.0.1:\(server.port)"))
            let error = await #expect(throws: SMTPError.self) { try await client.send(try message()) }
            guard case .tlsFailed = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func aWrongPasswordIsAPermanentAuthenticationRejection() async throws {
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: "right") { server in
            let client = try SMTPClient(configuration: try configuration("smtp://rebound:wrong@127.0.0.1:\(server.port)", trust: server))
            let error = await #expect(throws: SMTPError.self) { try await client.send(try message()) }
            #expect(error?.stage == .authentication)
            #expect(error?.reply?.code == 535)
            #expect(error?.isPermanent == true)
            #expect(error.map { !"\($0)".contains("wrong") } == true, "the error must not carry the password")
        }
    }

    @Test func credentialsOverPlaintextAreRefusedUnlessTheLoopbackExceptionAllowsIt() async throws {
        try await AiosmtpdServer.with(.plain, user: "rebound", password: "pw") { server in
            var config = try configuration("smtp://rebound:pw@127.0.0.1:\(server.port)")
            config.allowsPlaintextAuthenticationOnLoopback = false
            let error = await #expect(throws: SMTPError.self) { try await SMTPClient(configuration: config).send(try message()) }
            #expect(error?.reason == .encryptionRequired)
            #expect(try server.authAttempts().isEmpty, "no credentials may reach the server")

            config.allowsPlaintextAuthenticationOnLoopback = true
            try await SMTPClient(configuration: config).send(try message())
            #expect(try server.messages().first?.authenticated == true)
        }
    }

    @Test func aServerThatRequiresAuthRejectsMailWithoutCredentialsPermanently() async throws {
        try await AiosmtpdServer.with(.starttls, user: "rebound", password: "pw") { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)", trust: server))
            let error = await #expect(throws: SMTPError.self) { try await client.send(try message()) }
            #expect(error?.stage == .mailFrom)
            #expect(error?.reply?.code == 530)
            #expect(error?.isPermanent == true)
        }
    }

    @Test func nonASCIIHeadersAreDecodedByPythonToTheOriginalText() async throws {
        let subject = "Nachbesprechung: Müller & Söhne — 👩🏽‍💻 e\u{301} \u{202E}txet\u{202C} " + String(repeating: "日本語", count: 20)
        let name = "Renée \"René\" Ünal-O'Brien, \u{0627}\u{0644}\u{0639}\u{0631}\u{0628}\u{064A}\u{0629}"
        try await AiosmtpdServer.with(.plain) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            let message = MailMessage(
                from: try MailAddress("rebound@example.com", displayName: "Rebound — Team Ü"),
                to: [try MailAddress("rep@example.com", displayName: name), try MailAddress("b@example.com", displayName: "Lee, Ann")],
                subject: subject, text: "t")
            try await client.send(message)
            let received = try #require(try server.messages().first)
            let parsed = try #require(received.parsed, "\(received.parseError ?? "")")
            #expect(parsed.subject == subject)
            #expect(parsed.from == [.init(displayName: "Rebound — Team Ü", address: "rebound@example.com")])
            #expect(parsed.to == [.init(displayName: name, address: "rep@example.com"), .init(displayName: "Lee, Ann", address: "b@example.com")])
            #expect(parsed.headerDefects.isEmpty)
            #expect(received.rcptTos == ["rep@example.com", "b@example.com"])
            #expect(parsed.longestLine <= 76)
        }
    }

    @Test func multipartWithCalendarAndUnsubscribeArrivesWithTheRightStructure() async throws {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rebound//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@rebound\r\nSUMMARY:Fo­llow-up — Müller\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let html = "<p>Hallo \(MailHTML.escape("<Müller & \"Söhne\">"))</p>"
        try await AiosmtpdServer.with(.plain) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            var message = try message(text: "Hallo Müller\n.\n..two dots\n", html: html)
            message.calendar = CalendarInvitation(ics: ics)
            message.unsubscribe = OneClickUnsubscribe(url: "https://rebound.example.com/u/abc?x=1")
            try await client.send(message)
            let parsed = try #require(try server.messages().first?.parsed)
            #expect(parsed.parts.map(\.contentType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar", "application/ics"])
            #expect(parsed.parts.allSatisfy { $0.defects.isEmpty })
            try #require(parsed.parts.count == 6)
            #expect(parsed.parts[2].content == "Hallo Müller\n.\n..two dots\n")
            #expect(parsed.parts[3].content == html)
            #expect(parsed.parts[4].params["method"] == "REQUEST")
            #expect(parsed.parts[4].params["charset"] == "UTF-8")
            #expect(parsed.parts[4].content == ics.replacingOccurrences(of: "\r\n", with: "\n"))
            #expect(parsed.parts[5].disposition == "attachment")
            #expect(parsed.parts[5].filename == "invite.ics")
            #expect(parsed.parts[5].content == parsed.parts[4].content)
            #expect(parsed.listUnsubscribe == "<https://rebound.example.com/u/abc?x=1>")
            #expect(parsed.listUnsubscribePost == "List-Unsubscribe=One-Click")
            #expect(parsed.mimeVersion == "1.0")
        }
    }

    @Test func aMegabyteOfRawDataWithDotLinesAndBareLineEndsArrivesByteForByte() async throws {
        var lines: [String] = []
        for index in 0..<20_000 { lines.append(index % 3 == 0 ? ".line \(index) starts with a dot" : "line \(index) ünïcödé") }
        let body = "Subject: raw\nContent-Type: text/plain; charset=UTF-8\n\n" + lines.joined(separator: "\n") + "\r.\r\n..\n"
        try await AiosmtpdServer.with(.plain) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            try await client.send(data: Array(body.utf8), to: [try MailAddress("rep@example.com")])
            let received = try #require(try server.messages().first)
            let expected = Array(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let identical = received.raw == expected
            #expect(identical, "received \(received.raw.count) bytes, expected \(expected.count)")
            #expect(received.mailOptions.contains("BODY=8BITMIME"), "8-bit data is announced")
            #expect(received.mailOptions.contains("SIZE=\(body.utf8.count)"))
        }
    }

    @Test func anInternationalisedRecipientUsesSMTPUTF8WhenOffered() async throws {
        try await AiosmtpdServer.with(.plain, smtpUTF8: true) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            try await client.send(try message(to: "josé@exämple.de"))
            let received = try #require(try server.messages().first)
            #expect(received.rcptTos == ["josé@exämple.de"])
            #expect(received.mailOptions.contains("SMTPUTF8"))
            #expect(received.parsed?.to.first?.address == "josé@exämple.de")
        }
    }

    @Test func anInternationalisedRecipientIsAPermanentErrorWhenSMTPUTF8IsNotOffered() async throws {
        try await AiosmtpdServer.with(.plain) { server in
            let client = try SMTPClient(configuration: try configuration("smtp://127.0.0.1:\(server.port)"))
            let error = await #expect(throws: SMTPError.self) { try await client.send(try message(to: "josé@exämple.de")) }
            guard case .unsupportedByServer = error?.reason else { Issue.record("got \(String(describing: error))"); return }
            #expect(error?.isPermanent == true)
            #expect(try server.messages().isEmpty)
        }
    }
}

/// Collects what the client logs, to check what it does not.
final class CapturedLog: LogHandler, Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        storage.withLock { $0.append("\(event.message) \(event.metadata ?? [:])") }
    }
}
