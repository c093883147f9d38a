import Domain
import Features
import Foundation
import Hummingbird

/// The JSON the API accepts: ISO 8601 dates, with or without fractional seconds.
let apiDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = parseTimestamp(text) { return date }
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "must be an ISO 8601 date-time such as 2026-11-23T14:30:00Z")
    }
    return decoder
}()

/// An ISO 8601 date-time, read strictly: Foundation's parser shifts impossible values (30 February
/// becomes 2 March, 24:00 the next day, second 60 the next minute); those are refused here.
func parseTimestamp(_ text: String) -> Date? {
    guard ISOTimestamp.isPossible(text) else { return nil }
    if let date = try? Date(text, strategy: .iso8601) { return date }
    return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}

/// A request body and the top-level keys it actually had, so PATCH can tell "absent" from "null".
struct PatchBody<Value: Decodable> {
    let value: Value
    let keys: Set<String>

    func has(_ key: String) -> Bool { keys.contains(key) }

    /// A field for a change: nil when the key was not sent, `.some(nil)` when it was sent as null.
    func field<T>(_ key: String, _ value: T?) -> T?? { has(key) ? .some(value) : .none }
}

extension Request {
    /// Reads a JSON body within the size limit. Malformed JSON, wrong types and missing fields
    /// become a 400 problem naming the field; an oversized body a 413.
    func decodeJSON<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        try await decodePatch(as: type, context: context).value
    }

    func decodePatch<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> PatchBody<T> {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw Problem.unsupportedMediaType
        }
        let limit = context.maxUploadSize
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw Problem.tooLarge(limit: limit)
        }
        let data = Data(buffer: buffer)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw Problem.malformed(data.isEmpty ? "The request body is empty; send a JSON object." : "The request body is not valid JSON.")
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problem.malformed("The request body must be a JSON object.")
        }
        if let operation = (context as? any OperationContext)?.operation, let fields = OpenAPIDocument.requestFields[operation] {
            let unknown = Set(dictionary.keys).subtracting(fields)
            if !unknown.isEmpty {
                throw Problem.invalid(unknown.sorted().map { FieldError($0, "is not a field of this request (see /openapi.json)") })
            }
        }
        let controls = Self.fieldsWithControlCharacters(dictionary, path: "")
        if !controls.isEmpty { throw Problem.invalid(controls.map { FieldError($0, TextRules.controlMessage) }) }
        do {
            let value = try apiDecoder.decode(T.self, from: data)
            return PatchBody(value: value, keys: Set(dictionary.keys))
        } catch {
            throw Self.everyFieldError(decoding: T.self, dictionary, first: error)
        }
    }

    /// The decoder stops at the first bad field. To name every one, the field at fault is taken out
    /// and the body decoded again, until it decodes or only missing fields are left to report.
    static func everyFieldError<T: Decodable>(decoding type: T.Type, _ body: [String: Any], first: any Error) -> Problem {
        var object = body
        var errors: [FieldError] = []
        var removed = Set<String>()
        var error: (any Error)? = first
        for _ in 0..<32 {
            guard let current = error else { break }
            let found: [FieldError]
            switch current {
            case let decoding as DecodingError:
                if case .keyNotFound(let key, let context) = decoding, let top = (context.codingPath.first ?? key).stringValue as String?, removed.contains(top) {
                    error = nil
                    continue
                }
                found = outOfRange(decoding, object) ?? Problem.from(decoding).errors
            case let domain as DomainError:
                found = Problem.from(domain).errors
            default:
                found = [FieldError("body", "could not be read")]
            }
            errors += found.filter { !errors.contains($0) }
            let tops = Set(found.map { String($0.field.prefix { $0 != "." && $0 != "[" }) }).subtracting(["body"])
            guard !tops.isEmpty, !tops.isSubset(of: removed) else { break }
            for top in tops { object[top] = nil }
            removed.formUnion(tops)
            do {
                _ = try apiDecoder.decode(T.self, from: try JSONSerialization.data(withJSONObject: object))
                error = nil
            } catch let next {
                error = next
            }
        }
        return .invalid(errors.isEmpty ? [FieldError("body", "could not be read")] : errors)
    }

    /// Foundation's decoder refuses a number too large for the field's type as if the whole document
    /// were not JSON. The document did parse, so the numbers that no integer field can hold are named.
    static func outOfRange(_ error: DecodingError, _ object: [String: Any]) -> [FieldError]? {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else { return nil }
        var found: [FieldError] = []
        func visit(_ value: Any, _ path: String) {
            switch value {
            case let number as NSNumber where !(value is Bool):
                let double = number.doubleValue
                if !double.isFinite || abs(double) >= 9.007_199_254_740_992e15 {
                    found.append(FieldError(path, "is out of range"))
                }
            case let nested as [String: Any]:
                for (key, value) in nested { visit(value, path.isEmpty ? key : "\(path).\(key)") }
            case let array as [Any]:
                for (index, value) in array.enumerated() { visit(value, "\(path)[\(index)]") }
            default:
                break
            }
        }
        visit(object, "")
        return found.isEmpty ? nil : found.sorted { $0.field < $1.field }
    }
}

extension Request {
    /// Every string in the body (keys too) that breaks `TextRules`, by its path (`participants[2]`).
    static func fieldsWithControlCharacters(_ value: Any, path: String) -> [String] {
        switch value {
        case let text as String:
            return TextRules.hasForbiddenControl(text) ? [path.isEmpty ? "body" : path] : []
        case let object as [String: Any]:
            return object.sorted { $0.key < $1.key }.flatMap { key, value in
                let field = path.isEmpty ? key : "\(path).\(key)"
                return TextRules.hasForbiddenControl(key) ? [field] : fieldsWithControlCharacters(value, path: field)
            }
        case let array as [Any]:
            return array.enumerated().flatMap { fieldsWithControlCharacters($1, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }
}

extension Problem {
    static func from(_ error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var result = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return result.isEmpty ? "body" : result
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return .invalid([FieldError(field, "is required")])
        case .valueNotFound(_, let context):
            return .invalid([FieldError(path(context.codingPath), "must not be null")])
        case .typeMismatch(let type, let context):
            return .invalid([FieldError(path(context.codingPath), "must be \(describe(type))")])
        case .dataCorrupted(let context):
            return .invalid([FieldError(path(context.codingPath), context.debugDescription)])
        @unknown default:
            return .malformed("The request body could not be decoded.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type, is Decimal.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}

