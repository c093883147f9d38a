import Foundation

/// A typed id: an `Identifier<Account>` cannot be passed where an `Identifier<Deal>` is expected.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID = .random()) { self.rawValue = rawValue }

    public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.rawValue = uuid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let uuid = UUID(uuidString: string) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid id (UUID)")
        }
        self.rawValue = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Lowercase, the way every other id in the API is written.
    public var description: String { rawValue.uuidString.lowercased() }
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
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40
            raw[8] = raw[8] & 0x3F | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}
