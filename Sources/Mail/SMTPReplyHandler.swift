import NIOCore
import NIOSSL

/// The channel handler at the end of the pipeline: parses the server's bytes into replies and hands
/// them, one at a time, to whoever waits. Every wait has a timeout; the first failure (a timeout, a
/// malformed or oversized reply, a TLS or I/O error, the connection closing) closes the channel and
/// fails this wait and every later one. Lives on the channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    private var failure: SMTPError.Reason?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var context: ChannelHandlerContext?

    /// Replies or partial reply bytes received and not yet read.
    var hasUnreadInput: Bool { !replies.isEmpty || parser.hasPartialReply }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        let buffer = unwrapInboundIn(data)
        do {
            replies.append(contentsOf: try parser.feed(buffer.readableBytesView))
            deliver()
        } catch {
            fail(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionLost("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(.tlsFailed(String(describing: error)))
        } else {
            fail(.connectionLost(String(describing: error)))
        }
    }

    /// The next reply, or the failure; `timeoutReason` is what a timeout is reported as (the per-command
    /// timeout or the overall deadline, whichever is nearer).
    func nextReply(within timeout: TimeAmount, timeoutReason: SMTPError.Reason, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        precondition(waiter == nil, "one reply wait at a time")
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(Failure(reason: failure)) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let scheduled = eventLoop.scheduleTask(in: timeout) {
            handler.value.fail(timeoutReason)
        }
        waiter = (promise, scheduled)
        return promise.futureResult
    }

    private func deliver() {
        guard let waiter, let reply = replies.popFirst() else { return }
        self.waiter = nil
        waiter.timeout.cancel()
        waiter.promise.succeed(reply)
    }

    /// The first failure sticks: replies already received are still handed out (a "221 bye" before a
    /// close), after them every wait fails with it.
    private func fail(_ reason: SMTPError.Reason) {
        guard failure == nil else { return }
        failure = reason
        if let waiter, replies.isEmpty {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.fail(Failure(reason: reason))
        }
        context?.close(promise: nil)
    }

    /// Carries a reason through futures; the connection attaches the stage.
    struct Failure: Error {
        let reason: SMTPError.Reason
    }
}
