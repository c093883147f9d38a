import Foundation

/// A typed id: an `Identifier<Account>` cannot be passed where an `Identifier<Deal>` is expected.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID = UUID()) { self.rawValue = rawValue }

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
