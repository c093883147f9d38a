/// Where outbound webhooks may go. By default only to public internet addresses: a subscriber URL
/// that names (or resolves to) loopback, a private network, link-local (cloud metadata at
/// 169.254.169.254), carrier-grade NAT, multicast or a reserved range is refused, so an admin cannot
/// make the server probe its own network. An operator allows named exceptions
/// (`REBOUND_WEBHOOK_ALLOWED_HOSTS`): host names, addresses or CIDR ranges.
public struct DestinationPolicy: Sendable, Equatable {
    public private(set) var allowedHosts: Set<String> = []
    public private(set) var allowedRanges: [AddressRange] = []

    public init() {}

    /// Parses a comma-separated list such as `127.0.0.1, hooks.internal.example, 10.1.0.0/16`.
    public init(allowing list: String) throws {
        var v = Validator()
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let range = AddressRange(item) {
                allowedRanges.append(range)
            } else if item.contains("/") || item.unicodeScalars.contains(where: { !($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-") }) {
                v.check(false, "webhookAllowedHosts", "\"\(item)\" is neither a host name, an address nor a CIDR range")
            } else {
                allowedHosts.insert(item.lowercased())
            }
        }
        try v.throwIfInvalid()
    }

    /// Whether a delivery to `host`, which resolved to `addresses`, may be made. Every address must
    /// be allowed: a name that resolves to one public and one internal address is refused, because
    /// the connection could land on either.
    public func permits(host: String, addresses: [IPAddress]) -> Bool {
        guard !addresses.isEmpty else { return false }
        if allowedHosts.contains(host.lowercased()) { return true }
        return addresses.allSatisfy { address in
            !address.isInternal || allowedRanges.contains { $0.contains(address) }
        }
    }
}

/// An IPv4 or IPv6 address as its network-order bytes (4 or 16).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Dotted-quad IPv4 (exactly four decimal parts) or IPv6 text (with `::` and an optional
    /// trailing IPv4 part). Other spellings that resolvers accept (`2130706433`, `0x7f.1`) are not
    /// parsed here; they are caught after resolution, which turns them into real addresses.
    public init?(_ text: String) {
        if let v4 = Self.parseIPv4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(text) {
            bytes = v6
        } else {
            return nil
        }
    }

    /// Loopback, private, link-local, carrier-grade NAT, unspecified, multicast, broadcast, reserved
    /// and unique-local ranges, and IPv6 forms that embed such an IPv4 address.
    public var isInternal: Bool {
        if bytes.count == 4 { return Self.isInternalV4(bytes) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return true }  // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }  // ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Self.isInternalV4(Array(b[12..<16])) }  // ::ffff:a.b.c.d
        if b[0..<12].allSatisfy({ $0 == 0 }) { return true }  // deprecated IPv4-compatible ::a.b.c.d
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B { return Self.isInternalV4(Array(b[12..<16])) }  // 64:ff9b::/96 NAT64
        if b[0] == 0x20, b[1] == 0x02 { return Self.isInternalV4(Array(b[2..<6])) }  // 2002::/16 6to4
        if b[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
        if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if b[0] == 0xFE, b[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if b[0] == 0xFF { return true }  // multicast
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return true }  // documentation
        return false
    }

    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    private static func isInternalV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true  // this network, private, loopback
        case (100, 64...127): return true  // carrier-grade NAT (and some clouds' metadata)
        case (169, 254): return true  // link-local, cloud metadata
        case (172, 16...31), (192, 168): return true  // private
        case (192, 0) where b[2] == 0 || b[2] == 2: return true  // IETF protocol assignments, documentation
        case (198, 18...19): return true  // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return true  // documentation
        case (224...255, _): return true  // multicast, reserved, broadcast
        default: return false
        }
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ (48...57).contains($0) }), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard text.contains(":"), text.count <= 45 else { return nil }
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseIPv4(text[text.index(after: lastColon)...]) else { return nil }
            tail = v4
            text = text[...lastColon]
            if text.hasSuffix(":"), !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let rest = halves.count == 2 ? groups(halves[1]) : []
        guard let rest else { return nil }
        let total = 8 - tail.count / 2
        var all: [UInt16]
        if halves.count == 2 {
            guard head.count + rest.count < total else { return nil }
            all = head + Array(repeating: 0, count: total - head.count - rest.count) + rest
        } else {
            guard head.count == total else { return nil }
            all = head
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + tail
    }
}

/// An address or a CIDR range of them (`10.0.0.0/8`, `::1`, `fd00::/8`).
public struct AddressRange: Sendable, Equatable {
    public let base: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let base = IPAddress(String(first)) else { return nil }
        let bits = base.bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = bits
        }
        self.base = base
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(address.bytes, base.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            guard a & mask == b & mask else { return false }
            remaining -= 8
        }
        return true
    }
}

/// A URL the server will not send to. The message is the same for every reason, so the refusal
/// tells nothing about which internal addresses exist.
public struct DestinationRefused: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "the destination is not allowed (internal addresses are refused; see REBOUND_WEBHOOK_ALLOWED_HOSTS)" }
}
