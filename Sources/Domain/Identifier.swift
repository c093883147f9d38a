import Foundation

/// A typed id: an `Identifier<Account>` cannot be passed where an `Identifier<Deal>` is expected.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID = .random()) { self.rawValue = rawValue }

    public init?(_ string: String) {
        guard let uuid = UUID(hexText: string) else { return nil }
        self.rawValue = uuid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let uuid = UUID(hexText: string) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid id (UUID)")
        }
        self.rawValue = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Lowercase, the way every other id in the API is written.
    public var description: String { rawValue.hexText(upper: false) }
}

public typealias TeamID = Identifier<Team>
public typealias MemberID = Identifier<Member>
public typealias AccountID = Identifier<Account>
public typealias DealID = Identifier<Deal>
public typealias InteractionID = Identifier<Interaction>
public typealias ReflectionID = Identifier<Reflection>
public typealias QuestionID = Identifier<Question>
public typealias AccessTokenID = Identifier<AccessToken>

extension UUID {
    /// A random (version 4) UUID, as `UUID()` makes, from the standard library's secure generator.
    /// Foundation's `UUID()` opens, reads and closes /dev/urandom on Linux each time: a tenth of the
    /// time of `rebound generate`, which makes about four million ids.
    public static func random() -> UUID {
        if let sequence = UUIDSequence.current { return sequence.next() }
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40
            raw[8] = raw[8] & 0x3F | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}

/// Ids that follow one another: a random prefix fixed for the sequence, then a counter. While one is
/// set (`UUIDSequence.$current.withValue`), `UUID.random()` and so every new id come from it. For a
/// bulk load (`rebound generate`): each new row's id lands next to the previous one in every index
/// keyed by id, instead of at a random page of a tree larger than the cache. Version 8 (custom) UUIDs.
public final class UUIDSequence: @unchecked Sendable {
    @TaskLocal public static var current: UUIDSequence?

    private let prefix: (UInt64, UInt64)
    private let lock = NSLock()
    private var counter: UInt64 = 0

    public init() {
        var generator = SystemRandomNumberGenerator()
        prefix = (generator.next(), generator.next())
    }

    public func next() -> UUID {
        let count = lock.withLock {
            counter += 1
            return counter
        }
        var bytes = prefix
        return withUnsafeMutableBytes(of: &bytes) { raw in
            // Bytes 0-5 and 7 stay random; 6 and 8 carry the version and variant; 9-15 the counter, big-endian.
            raw[6] = raw[6] & 0x0F | 0x80
            raw[8] = 0x80
            for index in 0..<7 { raw[15 - index] = UInt8(truncatingIfNeeded: count >> (8 * UInt64(index))) }
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}
