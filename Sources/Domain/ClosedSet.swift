/// An enum whose values travel as strings. Decoding an unknown value fails with a message
/// listing the allowed ones, which the API passes on to the client.
public protocol ClosedSet: CaseIterable, RawRepresentable, Codable, Sendable where RawValue == String {}

extension ClosedSet {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of: \(Self.allowedValues)")
        }
        self = value
    }

    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a query parameter or CLI argument.
    public static func parse(_ raw: String, field: String) throws -> Self {
        guard let value = Self(rawValue: raw.lowercased()) else {
            throw DomainError.invalid(field, "must be one of: \(allowedValues)")
        }
        return value
    }
}
