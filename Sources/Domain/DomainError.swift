import Foundation

/// One field that failed validation, named by its JSON path (e.g. `amount.currency`).
public struct FieldError: Equatable, Sendable, Codable {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Errors the domain raises; the web layer turns each into an RFC 9457 problem.
public enum DomainError: Error, Equatable, Sendable {
    /// Input that breaks a rule of the entity (422).
    case invalid([FieldError])
    /// A request that conflicts with the current state (409), e.g. deferring twice.
    case conflict(String)
    /// Not there, or not visible to the caller: both answer the same (404) so existence does not leak.
    case notFound(String)
    /// The caller is known but the role does not allow the action (403).
    case forbidden(String)

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field, message)])
    }
}

/// Collects field errors so that one response names every problem at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(FieldError(field, message)) }
    }

    /// Trims the text and checks it is non-empty and not longer than `maxLength`.
    public mutating func requiredText(_ value: String, _ field: String, maxLength: Int = 200) -> String {
        let trimmed = ScalarSpace.trimmedStringWithNewlines(value)
        check(!trimmed.isEmpty, field, "must not be empty")
        check(trimmed.utf8.count <= maxLength || trimmed.count <= maxLength, field, "must be at most \(maxLength) characters")
        checkNoNUL(trimmed, field)
        return trimmed
    }

    /// Trims optional text; empty becomes nil.
    public mutating func optionalText(_ value: String?, _ field: String, maxLength: Int = 10_000) -> String? {
        guard let value else { return nil }
        let trimmed = ScalarSpace.trimmedStringWithNewlines(value)
        check(trimmed.utf8.count <= maxLength || trimmed.count <= maxLength, field, "must be at most \(maxLength) characters")
        checkNoNUL(trimmed, field)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Control characters are refused in every text field, on both databases: PostgreSQL cannot
    /// store U+0000 at all, and none of them is something a person meant to type.
    public mutating func checkNoNUL(_ text: String, _ field: String) {
        check(!TextRules.hasForbiddenControl(text), field, TextRules.controlMessage)
    }

    public func throwIfInvalid() throws {
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }
}


extension DomainError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalid(let errors): errors.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        case .conflict(let message), .forbidden(let message): message
        case .notFound(let what): "\(what) not found"
        }
    }
}
