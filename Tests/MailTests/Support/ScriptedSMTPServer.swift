import NIOCore
import NIOPosix
import Synchronization

/// A fake SMTP server on 127.0.0.1 that answers from a script: for hostile or odd behaviour a real
/// server does not produce (silence, endless lines, injected replies, chosen error codes).
final class ScriptedSMTPServer: Sendable {
    enum Action: Sendable {
        /// Raw text to send, CRLFs included (so a test can send several replies, or broken ones, at once).
        case reply(String)
        /// Send `text` after a delay.
        case delayed(TimeAmount, String)
        /// Send nothing.
        case silence
        /// Send digits without a line end, forever (until the client goes away).
        case endless
        case close
    }

    let port: Int
    private let channel: any Channel
    private let log: Mutex<[String]>

    /// What the client sent: command lines, and "<DATA n bytes>" for a message.
    var received: [String] { log.withLock { $0 } }

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.log = Mutex([])
    }

    /// A server answering `greeting` on connect and `respond(line)` to each command; "." stands for the
    /// end of the message after DATA.
    static func start(greeting: Action = .reply("220 scripted ESMTP\r\n"), respond: @escaping @Sendable (String) -> Action) async throws -> ScriptedSMTPServer {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(greeting: greeting, respond: respond, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = ScriptedSMTPServer(channel: channel)
        recorder.server.withLock { $0 = server }
        return server
    }

    /// A typical EHLO-speaking server; `respond` gets first say on every line and returns nil for the default.
    static func standard(ehlo: String = "250-scripted\r\n250-8BITMIME\r\n250 SIZE 100000\r\n", _ respond: @escaping @Sendable (String) -> Action? = { _ in nil }) async throws -> ScriptedSMTPServer {
        try await start { line in
            if let action = respond(line) { return action }
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            switch verb {
            case "EHLO": return .reply(ehlo)
            case "DATA": return .reply("354 go ahead\r\n")
            case ".": return .reply("250 accepted\r\n")
            case "QUIT": return .reply("221 bye\r\n")
            default: return .reply("250 ok\r\n")
            }
        }
    }

    func record(_ line: String) { log.withLock { $0.append(line) } }

    func stop() async {
        try? await channel.close()
    }

    /// Lets a connection handler reach the server's log (it exists before the server object does).
    private final class Recorder: Sendable {
        let server = Mutex<ScriptedSMTPServer?>(nil)
        func record(_ line: String) { server.withLock { $0 }?.record(line) }
    }

    private final class ScriptHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let greeting: Action
        let respond: @Sendable (String) -> Action
        let recorder: Recorder
        var buffer: [UInt8] = []
        var inData = false
        var dataBytes = 0

        init(greeting: Action, respond: @escaping @Sendable (String) -> Action, recorder: Recorder) {
            self.greeting = greeting
            self.respond = respond
            self.recorder = recorder
        }

        func channelActive(context: ChannelHandlerContext) {
            perform(greeting, on: context.channel)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            buffer += unwrapInboundIn(data).readableBytesView
            while let end = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).replacingOccurrences(of: "\r", with: "")
                buffer.removeSubrange(...end)
                if inData {
                    if line == "." {
                        inData = false
                        recorder.record("<DATA \(dataBytes) bytes>")
                        perform(respond("."), on: context.channel)
                    } else {
                        dataBytes += line.utf8.count + 2
                    }
                } else {
                    recorder.record(line)
                    let action = respond(line)
                    if line.uppercased() == "DATA", case .reply(let text) = action, text.hasPrefix("354") {
                        inData = true
                        dataBytes = 0
                    }
                    perform(action, on: context.channel)
                }
            }
        }

        func perform(_ action: Action, on channel: any Channel) {
            switch action {
            case .reply(let text):
                channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
            case .delayed(let delay, let text):
                channel.eventLoop.scheduleTask(in: delay) {
                    channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
                }
            case .silence:
                break
            case .endless:
                Self.pump(channel)
            case .close:
                channel.close(promise: nil)
            }
        }

        static func pump(_ channel: any Channel) {
            guard channel.isActive else { return }
            channel.writeAndFlush(channel.allocator.buffer(repeating: UInt8(ascii: "2"), count: 16_384)).whenSuccess {
                pump(channel)
            }
        }
    }
}
