import Features
import Foundation
import Hummingbird
import HummingbirdCore
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Requests the HTTP parser rejects (a URL or header over the limits, a control character in a
/// header) never reach the router: Hummingbird answers them with a bare `400` and no body. This
/// handler, in the channel pipeline after the HTTP codec, turns that one response into an RFC 9457
/// problem like every other error. Only a 400 with an empty body and `Connection: close` is such a
/// response; the router's own 400s always carry a problem body.
final class ProtocolErrorProblemHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let body = #"{"detail":"The request could not be read as HTTP: the URL or a header is too long or holds characters HTTP does not allow.","status":400,"title":"Malformed request","type":"urn:rebound:problem:malformed"}"#
    private var rewriting = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status == .badRequest && head.headerFields[.contentLength] == "0" && head.headerFields[.connection] == "close":
            rewriting = true
            head.headerFields[.contentType] = "application/problem+json"
            head.headerFields[.contentLength] = String(Self.body.utf8.count)
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end(let trailers) where rewriting:
            rewriting = false
            context.write(wrapOutboundOut(.body(ByteBuffer(string: Self.body))), promise: nil)
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}

/// HTTP/1.1 with malformed requests answered as problems.
public enum ReboundHTTPServer {
    public static var http1: HTTPServerBuilder { .http1(additionalChannelHandlers: [ProtocolErrorProblemHandler()]) }
}

/// The methods served at each route, so that a known path asked for with another method is a
/// `405 Method Not Allowed` with `Allow`, not a 404. Filled once the router has all its routes.
final class AllowedMethods: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [(segments: [Substring], method: String)] = []

    func set(_ routes: [(path: String, method: String)]) {
        let parsed = routes.map { (segments: $0.path.split(separator: "/"), method: $0.method) }
        lock.withLock { self.routes = parsed }
    }

    /// The methods of every route whose pattern matches the path.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        let routes = lock.withLock { self.routes }
        let methods = routes.filter { route in
            route.segments.count == parts.count
                && zip(route.segments, parts).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern == "*" || pattern == part }
        }.map(\.method)
        return Array(Set(methods)).sorted()
    }
}

struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: AllowedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = allowed.methods(for: request.uri.path)
            guard !methods.isEmpty, !methods.contains(request.method.rawValue) else { throw error }
            var problem = Problem(
                .methodNotAllowed, type: "urn:rebound:problem:method-not-allowed", title: "Method not allowed",
                detail: "\(request.uri.path) answers \(methods.joined(separator: ", ")).")
            problem.allow = methods.joined(separator: ", ")
            throw problem
        }
    }
}
