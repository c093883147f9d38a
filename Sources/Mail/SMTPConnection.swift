import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One TCP (or TLS) connection to an SMTP server: send a line, wait for a reply, upgrade with STARTTLS.
/// Knows nothing of the dialogue's order (that is `SMTPClient`); bounds every wait by the command
/// timeout and by the delivery's deadline, whichever comes first.
struct SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let commandTimeout: TimeAmount
    let deadline: NIODeadline

    static func connect(
        host: String, port: Int, tls: (context: NIOSSLContext, serverHostname: String?)?,
        connectTimeout: TimeAmount, commandTimeout: TimeAmount, deadline: NIODeadline, group: any EventLoopGroup
    ) async throws(SMTPError) -> SMTPConnection {
        let remaining = deadline - .now()
        guard remaining > .zero else { throw SMTPError(.deadlineExceeded, stage: .connect) }
        // The handler is kept from the initializer: looking it up after connecting fails if the channel has
        // already closed (a failed TLS handshake, a flood), and the handler holds the reason why.
        let installed = HandlerSlot()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(min(connectTimeout, remaining))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let ssl = try NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname)
                        try channel.pipeline.syncOperations.addHandler(ssl)
                    }
                    let handler = SMTPReplyHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    installed.handler.withLock { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch ChannelError.connectTimeout {
            throw SMTPError(remaining < connectTimeout ? .deadlineExceeded : .timeout, stage: .connect)
        } catch {
            throw SMTPError(.connectionFailed(String(describing: error)), stage: .connect)
        }
        guard let handler = installed.handler.withLock({ $0 }) else {
            channel.close(promise: nil)
            throw SMTPError(.connectionLost("the connection was set up without its SMTP handler"), stage: .connect)
        }
        return SMTPConnection(channel: channel, handler: handler, commandTimeout: commandTimeout, deadline: deadline)
    }

    private final class HandlerSlot: Sendable {
        let handler = Mutex<NIOLoopBound<SMTPReplyHandler>?>(nil)
    }

    /// Waits for the next reply (the greeting, or the answer to what was sent), at most `limit` when
    /// given (and never past the command timeout or the deadline).
    func readReply(stage: SMTPStage, limit: TimeAmount? = nil) async throws(SMTPError) -> SMTPReply {
        let remaining = deadline - .now()
        guard remaining > .zero else {
            channel.close(promise: nil)
            throw SMTPError(.deadlineExceeded, stage: stage)
        }
        let timeout = min(commandTimeout, limit ?? commandTimeout)
        let (wait, reason): (TimeAmount, SMTPError.Reason) =
            remaining < timeout ? (remaining, .deadlineExceeded) : (timeout, .timeout)
        let handler = self.handler
        let eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit {
                handler.value.nextReply(within: wait, timeoutReason: reason, on: eventLoop)
            }.get()
        } catch let failure as SMTPReplyHandler.Failure {
            throw SMTPError(failure.reason, stage: stage)
        } catch {
            throw SMTPError(.connectionLost(String(describing: error)), stage: stage)
        }
    }

    /// Sends one command line (CRLF appended) and waits for its reply. The caller has checked that the
    /// line has no CR or LF of its own. A write that fails closes the channel, which fails the wait.
    func command(_ line: String, stage: SMTPStage, limit: TimeAmount? = nil) async throws(SMTPError) -> SMTPReply {
        write(Array(line.utf8) + [0x0D, 0x0A])
        return try await readReply(stage: stage, limit: limit)
    }

    /// Writes bytes without waiting for them to leave: the next `readReply` bounds the wait, and a
    /// server that does not read makes that wait time out.
    func write(_ bytes: [UInt8]) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    /// After the server's 220 to STARTTLS: puts TLS under the SMTP handler. Anything already received
    /// after that 220 was sent in plaintext by someone, and would be read as if it came over TLS
    /// (CVE-2011-0411 style injection), so it is an error.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let handler = self.handler
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                guard !handler.value.hasUnreadInput else {
                    throw SMTPError(.malformedReply("the server sent more data after its STARTTLS reply"), stage: .startTLS)
                }
                let ssl = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(ssl, position: .first)
            }.get()
        } catch let error as SMTPError {
            channel.close(promise: nil)
            throw error
        } catch {
            channel.close(promise: nil)
            throw SMTPError(.tlsFailed(String(describing: error)), stage: .startTLS)
        }
    }

    func close() async {
        try? await channel.close()
    }
}
