import Domain
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

func parseTimestamp(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}

/// A request body and the top-level keys it actually had, so PATCH can tell "absent" from "null".
struct PatchBody<Value: Decodable> {
    let value: Value
    let keys: Set<String>

    func has(_ key: String) -> Bool { keys.contains(key) }
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
        let controls = Self.fieldsWithControlCharacters(dictionary, path: "")
        if !controls.isEmpty { throw Problem.invalid(controls.map { FieldError($0, TextRules.controlMessage) }) }
        do {
            let value = try apiDecoder.decode(T.self, from: data)
            return PatchBody(value: value, keys: Set(dictionary.keys))
        } catch let error as DecodingError {
            throw Problem.from(error)
        } catch let error as DomainError {
            throw Problem.from(error)
        }
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

