import AsyncHTTPClient
import Features
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Web

/// Posts webhook deliveries with AsyncHTTPClient. Redirects are not followed: a subscriber's URL is
/// where its deliveries go, and nowhere else.
///
/// Before each delivery the URL's host is resolved and checked (`WebhookDestinations`), and the
/// connection goes to the address that was checked: each delivery has a client of its own whose
/// DNS override pins the host to that address (TLS still verifies the certificate for the host
/// name). A second lookup by the client, which DNS rebinding could answer differently, never happens.
public final class HTTPClientTransport: WebhookTransport {
    let destinations: WebhookDestinations
    let timeout: TimeAmount

    public init(destinations: WebhookDestinations, timeout: TimeAmount = .seconds(10)) {
        self.destinations = destinations
        self.timeout = timeout
    }

    public func post(url: String, headers: [(String, String)], body: String) async throws -> Int {
        let destination = try await destinations.vet(url)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        configuration.dnsOverride = [destination.host: destination.address.description]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: timeout)
            // Read (and drop) a bounded answer before closing.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            try await client.shutdown()
            return Int(response.status.code)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Kept for the service's shutdown order; every client is already closed after its delivery.
    public func shutdown() async throws {}
}

/// Runs the dispatcher every `interval` for as long as the server runs.
struct WebhookService: Service {
    let dispatcher: WebhookDispatcher
    let transport: HTTPClientTransport
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatRounds(every: interval, logger: logger, failure: "webhook round failed") { try await dispatcher.runOnce() }
        try await transport.shutdown()
    }
}
