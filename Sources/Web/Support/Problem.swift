import Domain
import Features
import Foundation
import Hummingbird

/// An RFC 9457 problem document. Every error the API returns has this shape, with
/// `errors` naming each field at fault (as JSON paths like `amount.currency` or `participants[2]`).
public struct Problem: Error, HTTPResponseError, Encodable, Equatable {
    public let status: HTTPResponse.Status
    public let type: String
    public let title: String
    public let detail: String?
    public let errors: [FieldError]
    /// Seconds, sent as `Retry-After` (429 and 503).
    public var retryAfter: Int?
    /// The methods a path answers, sent as `Allow` (405).
    public var allow: String?

    public init(_ status: HTTPResponse.Status, type: String, title: String, detail: String? = nil, errors: [FieldError] = []) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status.code, forKey: .status)
        try c.encodeIfPresent(detail, forKey: .detail)
        if !errors.isEmpty { try c.encode(errors, forKey: .errors) }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"rebound\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // The problem types. Each `type` is a stable identifier clients can switch on.

    public static func tooManyLogins(retryAfter: Int) -> Problem {
        var problem = Problem(
            .tooManyRequests, type: "urn:rebound:problem:too-many-logins", title: "Too many failed logins",
            detail: "Too many wrong passwords for this account or from this address. Try again in \(retryAfter) seconds.")
        problem.retryAfter = retryAfter
        return problem
    }

    public static func invalid(_ errors: [FieldError], detail: String? = nil) -> Problem {
        Problem(
            .unprocessableContent, type: "urn:rebound:problem:validation", title: "The request has invalid fields",
            detail: detail ?? errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    public static func invalid(_ field: String, _ message: String) -> Problem {
        invalid([FieldError(field, message)])
    }

    public static func malformed(_ detail: String, field: String? = nil) -> Problem {
        Problem(
            .badRequest, type: "urn:rebound:problem:malformed-request", title: "The request could not be read",
            detail: detail, errors: field.map { [FieldError($0, detail)] } ?? [])
    }

    /// A query parameter that cannot be read (400, as a malformed request is).
    /// `example` shows a valid value in the detail (`topics=operations,pricing`).
    public static func invalidQuery(_ name: String, _ message: String, example: String? = nil) -> Problem {
        Problem(
            .badRequest, type: "urn:rebound:problem:invalid-query", title: "Invalid query parameter",
            detail: "\(name): \(message)" + (example.map { ", e.g. \($0)" } ?? ""), errors: [FieldError(name, message)])
    }

    public static func notFound(_ what: String) -> Problem {
        Problem(.notFound, type: "urn:rebound:problem:not-found", title: "Not found", detail: "No \(what) with that id is visible to you.")
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, type: "urn:rebound:problem:conflict", title: "Conflict with the current state", detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: "urn:rebound:problem:forbidden", title: "Not allowed", detail: detail)
    }

    public static let unauthorized = Problem(
        .unauthorized, type: "urn:rebound:problem:unauthorized", title: "Authentication required",
        detail: "Send a valid token as 'Authorization: Bearer <token>'; get one from POST /api/v1/sessions.")

    public static func tooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge, type: "urn:rebound:problem:too-large", title: "Request body too large",
            detail: "The body must be at most \(limit) bytes.")
    }

    public static let unsupportedMediaType = Problem(
        .unsupportedMediaType, type: "urn:rebound:problem:unsupported-media-type", title: "Unsupported media type",
        detail: "Send JSON with 'Content-Type: application/json'.")

    public static let internalError = Problem(
        .internalServerError, type: "urn:rebound:problem:internal", title: "Internal server error",
        detail: "Something went wrong on our side. Nothing you sent was half-written; try again.")

    public static func from(_ error: DomainError) -> Problem {
        switch error {
        case .invalid(let errors): .invalid(errors)
        case .conflict(let detail): .conflict(detail)
        case .notFound(let what): .notFound(what)
        case .forbidden(let detail): .forbidden(detail)
        }
    }
}

/// Turns every error into a problem document, so no client ever sees another error shape,
/// and no internal detail leaks in a 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let redirect as Redirect {
            throw redirect
        } catch let error as DomainError {
            throw Problem.from(error)
        } catch let refusal as LoginThrottle.Refusal {
            throw Problem.tooManyLogins(retryAfter: refusal.retryAfter)
        } catch let error as HTTPError {
            switch error.status {
            case .contentTooLarge: throw Problem.tooLarge(limit: context.maxUploadSize)
            case .notFound:
                throw Problem(.notFound, type: "urn:rebound:problem:not-found", title: "Not found", detail: "No such resource: \(request.uri.path)")
            case .methodNotAllowed:
                throw Problem(.methodNotAllowed, type: "urn:rebound:problem:method-not-allowed", title: "Method not allowed", detail: error.body)
            case .unauthorized: throw Problem.unauthorized
            default:
                throw Problem(error.status, type: "urn:rebound:problem:http", title: error.status.reasonPhrase, detail: error.body)
            }
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw Problem.internalError
        }
    }
}
