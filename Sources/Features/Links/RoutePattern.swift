/// A route's path pattern, written the way the router registers it (`/debriefs/:id`); links are built
/// from the same pattern, so an address is spelled once.
public protocol RoutePattern: Sendable {
    var pattern: String { get }
}

extension RoutePattern {
    /// The pattern with each `:name` segment replaced, in order, by the next value.
    public func link(_ values: any CustomStringConvertible...) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix(":") else { return String(segment) }
            precondition(!remaining.isEmpty, "\(pattern) needs a value for \(segment)")
            return remaining.removeFirst().description
        }
        precondition(remaining.isEmpty, "\(pattern) takes \(values.count - remaining.count) values")
        return segments.joined(separator: "/")
    }

    /// The pattern as OpenAPI writes it: `/debriefs/{id}`.
    public var openAPIPath: String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}

/// The methods routes use, without tying this module to an HTTP library.
public enum RouteMethod: String, Sendable, CaseIterable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
}
