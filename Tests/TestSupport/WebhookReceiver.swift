import App
import Domain
import Features
import Foundation
import Hummingbird
import Logging
import SQLStorage
import ServiceLifecycle
import Web

/// A real HTTP server on 127.0.0.1 that records what webhooks post to it and answers with
/// scripted status codes (the last one repeats), so tests can watch retries happen.
public final class WebhookReceiver: @unchecked Sendable {
    public struct Received: Sendable {
        public let headers: [String: String]
        public let body: String
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    private let lock = NSLock()
    private var script: [Int]
    private var log: [Received] = []

    init(answers: [Int]) { script = answers }

    public var received: [Received] { lock.withLock { log } }

    fileprivate func record(_ request: Received) -> Int {
        lock.withLock {
            log.append(request)
            return script.count > 1 ? script.removeFirst() : (script.first ?? 200)
        }
    }

    /// Starts the receiver, runs `body` with its URL, and stops it.
    public static func run(
        answering answers: [Int] = [200], _ body: @Sendable (WebhookReceiver, String) async throws -> Void
    ) async throws {
        let receiver = WebhookReceiver(answers: answers)
        let router = Router()
        router.post("hook") { request, context -> Response in
            var request = request
            let bytes = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = receiver.record(Received(headers: headers, body: String(buffer: bytes)))
            return Response(status: .init(code: status))
        }
        let port = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.continuation.yield(channel.localAddress?.port ?? 0)
                port.continuation.finish()
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = port.stream.makeAsyncIterator()
            let bound = await iterator.next() ?? 0
            do {
                try await body(receiver, "http://127.0.0.1:\(bound)/hook")
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

private let quietLogger: Logger = {
    var logger = Logger(label: "rebound.webhooks")
    logger.logLevel = .error
    return logger
}()

/// A dispatcher over the test's database, posting through the real HTTP client.
public func withDispatcher(
    _ location: DatabaseLocation, clock: TestClock, policy: RetryPolicy = RetryPolicy(),
    _ body: @Sendable (WebhookDispatcher) async throws -> Void
) async throws {
    let transport = HTTPClientTransport(destinations: WebhookDestinations(policy: try DestinationPolicy(allowing: "127.0.0.1")), timeout: .seconds(2))
    do {
        try await App.withDatabase(location, logLevel: .error, poolSize: 1) { database in
            try await body(
                WebhookDispatcher(
                    repositories: database.repositories().all, transport: transport, publicURL: "https://rebound.example", policy: policy,
                    logger: quietLogger, clock: clock.function))
        }
    } catch {
        try await transport.shutdown()
        throw error
    }
    try await transport.shutdown()
}
