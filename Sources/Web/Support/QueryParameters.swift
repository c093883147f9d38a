import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Typed access to query parameters; a bad value is a 400 problem naming the parameter.
struct QueryParameters {
    let request: Request

    init(_ request: Request) { self.request = request }

    func string(_ name: String) throws -> String? {
        guard let value = request.uri.queryParameters[Substring(name)].map(String.init), !value.isEmpty else { return nil }
        guard !TextRules.hasForbiddenControl(value) else { throw bad(name, TextRules.controlMessage) }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let raw = try string(name) else { return nil }
        switch raw.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw bad(name, "must be true or false")
        }
    }

    func id<Entity>(_ name: String, as type: Identifier<Entity>.Type = Identifier<Entity>.self) throws -> Identifier<Entity>? {
        guard let raw = try string(name) else { return nil }
        guard let id = Identifier<Entity>(raw) else { throw bad(name, "must be an id (UUID)") }
        return id
    }

    func date(_ name: String) throws -> Date? {
        guard let raw = try string(name) else { return nil }
        guard let date = parseTimestamp(raw) else { throw bad(name, "must be an ISO 8601 date-time such as 2026-11-23T14:30:00Z") }
        return date
    }

    func value<E: ClosedSet>(_ name: String, as type: E.Type) throws -> E? {
        guard let raw = try string(name) else { return nil }
        guard let value = E(rawValue: raw) else { throw bad(name, "must be one of: \(E.allowedValues)") }
        return value
    }

    func page() throws -> Paging {
        var limit = Paging.defaultLimit
        var offset = 0
        if let raw = try string("limit") {
            guard let value = Int(raw), (1...Paging.maximumLimit).contains(value) else {
                throw bad("limit", "must be an integer from 1 to \(Paging.maximumLimit)")
            }
            limit = value
        }
        if let raw = try string("offset") {
            guard let value = Int(raw), value >= 0, value <= 10_000_000 else { throw bad("offset", "must be a non-negative integer") }
            offset = value
        }
        return Paging(limit: limit, offset: offset)
    }

    private func bad(_ name: String, _ message: String) -> Problem { .invalidQuery(name, message) }
}

extension Parameters {
    /// A path id; one that is not a UUID cannot name anything, so it is a 404 like any unknown id.
    func id<Entity>(_ name: String = "id", as type: Identifier<Entity>.Type, what: String) throws -> Identifier<Entity> {
        guard let raw = get(name), let id = Identifier<Entity>(raw) else { throw Problem.notFound(what) }
        return id
    }
}
