import Foundation
import Mail
import NIOCore
import NIOPosix
import Testing

/// The client against a scripted server that misbehaves: every wait must end, every failure must be
/// typed, and nothing may be buffered without bound.
@Suite struct SMTPClientHostileServerTests {
    /// The total timeout is generous: under the whole suite on two cores a greeting once took over 20 s.
    /// The tests bound what must end (a silent server, an endless line), not how fast a loaded machine is.
    func client(port: Int, commandTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(90), credentials: Bool = false) throws -> SMTPClient {
        var config = try SMTPConfiguration(url: credentials ? "smtp://u:p@127.0.0.1:\(port)" : "smtp://127.0.0.1:\(port)", from: "rebound@example.com")
        config.commandTimeout = commandTimeout
        config.totalTimeout = totalTimeout
        return try SMTPClient(configuration: config)
    }

    func message() throws -> MailMessage {
        MailMessage(from: try MailAddress("rebound@example.com"), to: [try MailAddress("rep@example.com")], subject: "s", text: "t")
    }

    /// Runs `body` and checks it took less than `limit`: generous against a loaded CI machine, but far
    /// below what an unbounded wait would take (the total timeout, 90 s, or forever).
    func within<T>(_ limit: Duration, _ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        #expect(clock.now - start < limit)
        return result
    }

    @Test func aServerThatNeverGreetsTimesOutAfterTheCommandTimeout() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: .silence) { _ in .silence }
        let client = try client(port: server.port, commandTimeout: .milliseconds(300))
        let error = await within(.seconds(100)) {
            await #expect(throws: SMTPError.self) { try await client.send(try message()) }
        }
        #expect(error?.reason == .timeout)
        #expect(error?.stage == .greeting)
        #expect(error?.isPermanent == false)
        await server.stop()
    }

    @Test func aServerThatAnswersSlowlyRunsIntoTheTotalDeadline() async throws {
        // Every reply comes after 250 ms: each well within the command timeout, but not all within 600 ms.
        let server = try await ScriptedSMTPServer.start(greeting: .delayed(.milliseconds(250), "220 slow\r\n")) { line in
            line.hasPrefix("EHLO") ? .delayed(.milliseconds(250), "250 slow\r\n") : .delayed(.milliseconds(250), "250 ok\r\n")
        }
        let client = try client(port: server.port, commandTimeout: .seconds(5), totalTimeout: .milliseconds(600))
        let error = await within(.seconds(100)) {
            await #expect(throws: SMTPError.self) { try await client.send(try message()) }
        }
        #expect(error?.reason == .deadlineExceeded)
        await server.stop()
    }

    @Test func aServerSilentAfterTheMessageTimesOutAtTheBodyStage() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line == "." ? .silence : nil }
        // Long enough that the replies before the body arrive in time on a loaded machine (the whole
        // suite runs in parallel on two cores): 500 ms once timed out at RCPT instead.
        // The total timeout is long too: under the full suite the replies before the body once took 20 s.
        let client = try client(port: server.port, commandTimeout: .seconds(3), totalTimeout: .seconds(90))
        let error = await within(.seconds(100)) {
            await #expect(throws: SMTPError.self) { try await client.send(try message()) }
        }
        #expect(error?.reason == .timeout)
        #expect(error?.stage == .body)
        #expect(error?.isPermanent == false)
        await server.stop()
    }

    @Test func aServerSilentOnQUITDoesNotHoldUpADeliveredMessage() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line == "QUIT" ? .silence : nil }
        let client = try client(port: server.port, commandTimeout: .seconds(30))
        let reply = try await within(.seconds(100)) { try await client.send(try message()) }
        #expect(reply.code == 250)
        await server.stop()
    }

    @Test func anEndlessReplyLineIsCutOffAtTheLimit() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: .endless) { _ in .silence }
        let client = try client(port: server.port)
        let error = await within(.seconds(100)) {
            await #expect(throws: SMTPError.self) { try await client.send(try message()) }
        }
        #expect(error?.reason == .replyTooLong)
        #expect(error?.stage == .greeting)
        await server.stop()
    }

    @Test func endlessContinuationLinesAreCutOffToo() async throws {
        let flood = String(repeating: "250-more\r\n", count: 1000)
        let server = try await ScriptedSMTPServer.standard { line in line.hasPrefix("EHLO") ? .reply(flood) : nil }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        #expect(error?.reason == .replyTooLong)
        #expect(error?.stage == .hello)
        await server.stop()
    }

    @Test func multiLineRepliesAreReadWholeIncludingTheGreetingAndTheFinalReply() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: .reply("220-scripted ESMTP\r\n220-second line\r\n220 third line\r\n")) { line in
            switch line.split(separator: " ").first?.uppercased() {
            case "EHLO": .reply("250-scripted greets you\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 HELP\r\n")
            case "DATA": .reply("354 go\r\n")
            case ".": .reply("250-2.0.0 accepted\r\n250 2.0.0 queued as ABC123\r\n")
            case "QUIT": .reply("221 bye\r\n")
            default: .reply("250 ok\r\n")
            }
        }
        let reply = try await client(port: server.port).send(try message())
        #expect(reply == SMTPReply(code: 250, lines: ["2.0.0 accepted", "2.0.0 queued as ABC123"]))
        // One command per reply: had a line of a multi-line reply been taken for a reply, the dialogue would be off by one.
        let received = server.received
        #expect(received.count == 6)
        #expect(received.first == "EHLO example.com")
        #expect(received.dropFirst().first == "MAIL FROM:<rebound@example.com>")
        #expect(received.last == "QUIT")
        await server.stop()
    }

    @Test func aTransient4xxOnRCPTIsNotPermanentAndCarriesTheReply() async throws {
        let server = try await ScriptedSMTPServer.standard { line in
            line.hasPrefix("RCPT") ? .reply("450 4.2.1 mailbox busy, try later\r\n") : nil
        }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        #expect(error?.stage == .recipient)
        #expect(error?.reply == SMTPReply(code: 450, lines: ["4.2.1 mailbox busy, try later"]))
        #expect(error?.isPermanent == false)
        #expect(!server.received.contains("DATA"))
        #expect(server.received.last == "QUIT", "the client says goodbye after a rejection")
        await server.stop()
    }

    @Test func aPermanent5xxOnRCPTIsPermanent() async throws {
        let server = try await ScriptedSMTPServer.standard { line in
            line.hasPrefix("RCPT") ? .reply("550 5.1.1 no such user\r\n") : nil
        }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        #expect(error?.stage == .recipient)
        #expect(error?.reply?.code == 550)
        #expect(error?.isPermanent == true)
        #expect(String(describing: error).contains("550 5.1.1 no such user"))
        await server.stop()
    }

    @Test func aRejectionOfTheMessageAfterDataIsReportedAtTheBodyStage() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line == "." ? .reply("554 5.7.1 spam\r\n") : nil }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        #expect(error?.stage == .body)
        #expect(error?.isPermanent == true)
        await server.stop()
    }

    @Test func a421GreetingIsATransientRejection() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: .reply("421 too busy\r\n")) { _ in .close }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        #expect(error?.stage == .greeting)
        #expect(error?.reply?.code == 421)
        #expect(error?.isPermanent == false)
        await server.stop()
    }

    @Test func serverClosingMidDialogueIsATransientConnectionLoss() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line.hasPrefix("MAIL") ? .close : nil }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        guard case .connectionLost = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.stage == .mailFrom)
        #expect(error?.isPermanent == false)
        await server.stop()
    }

    @Test func aMalformedReplyIsAProtocolError() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line.hasPrefix("MAIL") ? .reply("250-ok\r\n251 mixed\r\n") : nil }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        guard case .malformedReply = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        await server.stop()
    }

    @Test func repliesInjectedAfterTheSTARTTLSReplyAreRefused() async throws {
        let server = try await ScriptedSMTPServer.standard(ehlo: "250-scripted\r\n250 STARTTLS\r\n") { line in
            line == "STARTTLS" ? .reply("220 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n") : nil
        }
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(try message()) }
        guard case .malformedReply = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.stage == .startTLS)
        await server.stop()
    }

    @Test func heloIsUsedWhenTheServerDoesNotKnowEHLO() async throws {
        let server = try await ScriptedSMTPServer.standard { line in line.hasPrefix("EHLO") ? .reply("502 command not implemented\r\n") : nil }
        try await client(port: server.port).send(try message())
        #expect(server.received.prefix(2) == ["EHLO example.com", "HELO example.com"])
        await server.stop()
    }

    @Test func aMessageOverTheAdvertisedSizeIsRefusedBeforeSending() async throws {
        let server = try await ScriptedSMTPServer.standard(ehlo: "250-scripted\r\n250 SIZE 100\r\n")
        var message = try message()
        message.text = String(repeating: "long text ", count: 50)
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port).send(message) }
        guard case .unsupportedByServer = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.isPermanent == true)
        #expect(!server.received.contains { $0.hasPrefix("MAIL") })
        await server.stop()
    }

    @Test func credentialsAreNotSentWhenNoMechanismIsUsable() async throws {
        let server = try await ScriptedSMTPServer.standard(ehlo: "250-scripted\r\n250 AUTH CRAM-MD5 XOAUTH2\r\n")
        let error = await #expect(throws: SMTPError.self) { try await client(port: server.port, credentials: true).send(try message()) }
        #expect(error?.reason == .authenticationUnavailable("the server offers only CRAM-MD5 XOAUTH2"))
        #expect(!server.received.contains { $0.hasPrefix("AUTH") })
        await server.stop()
    }

    @Test func aRefusedConnectionIsATransientConnectFailure() async throws {
        // Bind a port, then close it: nothing listens there any more.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close()
        let error = await #expect(throws: SMTPError.self) { try await client(port: port).send(try message()) }
        guard case .connectionFailed = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.stage == .connect)
        #expect(error?.isPermanent == false)
    }
}
