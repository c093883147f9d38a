import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Web

/// Posts webhook deliveries with AsyncHTTPClient. Redirects are not followed: a subscriber's URL is
/// where its deliveries go, and nowhere else.
public final class HTTPClientTransport: WebhookTransport {
    let client: HTTPClient
    let timeout: TimeAmount

    public init(timeout: TimeAmount = .seconds(10)) {
        client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5))))
        self.timeout = timeout
    }

    public func post(url: String, headers: [(String, String)], body: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: timeout)
        // Read (and drop) a bounded answer so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }
}

/// Runs the dispatcher every `interval` for as long as the server runs.
struct WebhookService: Service {
    let dispatcher: WebhookDispatcher
    let transport: HTTPClientTransport
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Sleep first: on a fresh start the migrations run before the first scan.
                do { try await Task.sleep(for: interval) } catch { return }
                do {
                    try await dispatcher.runOnce()
                } catch {
                    logger.error("webhook round failed; retrying next round", metadata: ["error": "\(error)"])
                }
            }
        }
        try await transport.shutdown()
    }
}
