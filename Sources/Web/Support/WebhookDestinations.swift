import Domain
import Features
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Checks a webhook URL against the `DestinationPolicy`: when a subscription is made, and again
/// before every delivery, on the addresses the host name resolves to at that moment. The delivery
/// then connects to the address that was checked (see `HTTPClientTransport`), so a name that
/// resolves to a public address for the check and to an internal one for the connection (DNS
/// rebinding) gains nothing.
public struct WebhookDestinations: WebhookDestinationCheck {
    public typealias Refused = DestinationRefused

    /// Where a checked URL may be reached: its host name and the address to connect to.
    public struct Vetted: Sendable, Equatable {
        public let host: String
        public let address: IPAddress
    }

    let policy: DestinationPolicy
    let resolve: @Sendable (String) async throws -> [IPAddress]

    /// `resolve` turns a host into its addresses; the system resolver (getaddrinfo) by default.
    /// Tests pass their own to show a rebinding name is refused without sending anything.
    public init(policy: DestinationPolicy, resolve: (@Sendable (String) async throws -> [IPAddress])? = nil) {
        self.policy = policy
        self.resolve = resolve ?? Self.systemResolve
    }

    /// The check when a subscription is made. A host name the operator allowed is taken as it is
    /// (it may not resolve from here yet); anything else must resolve to allowed addresses now.
    public func check(_ url: String) async throws {
        guard let host = Self.host(of: url) else { throw Refused() }
        if policy.allowedHosts.contains(host) { return }
        _ = try await vet(url)
    }

    /// The check before a delivery: the address to connect to.
    public func vet(_ url: String) async throws -> Vetted {
        guard let bare = Self.host(of: url) else { throw Refused() }
        let addresses: [IPAddress]
        if let literal = IPAddress(bare) {
            addresses = [literal]
        } else {
            do { addresses = try await resolve(bare) } catch { throw Refused() }
        }
        guard policy.permits(host: bare, addresses: addresses), let first = addresses.first else { throw Refused() }
        return Vetted(host: bare, address: first)
    }

    static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// getaddrinfo on the thread pool (it blocks). It also reads the spellings of addresses that
    /// no person types (`2130706433`, `0x7f.1`) the way the connection would.
    @Sendable static func systemResolve(_ host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { throw Refused() }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                if let sockaddr = info.pointee.ai_addr {
                    switch Int32(sockaddr.pointee.sa_family) {
                    case AF_INET:
                        let bytes = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                            withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                        }
                        if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                    case AF_INET6:
                        let bytes = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                            withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                        }
                        if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                    default: break
                    }
                }
                cursor = info.pointee.ai_next
            }
            return addresses
        }
    }
}
