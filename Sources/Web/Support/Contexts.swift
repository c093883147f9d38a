import Domain
import Features
import Foundation
import Hummingbird

/// Who is calling, once their bearer token checked out.
public struct Identity: Sendable {
    public let member: Member
    public let tokenID: AccessTokenID
    /// The zone times are shown in: the member's own, or else the team's.
    public let timeZone: TimeZone
    /// When the session ends if unused until then (the earlier of its idle and absolute limits).
    let expiresAt: Date
    /// When its use was last recorded.
    let lastUsed: Date
}

/// A context that knows which API operation it is serving, so the body decoder can hold a request to
/// the fields the OpenAPI document lists for that operation.
public protocol OperationContext: RequestContext {
    var operation: APIRoute? { get set }
}

/// The context of every request. `identity` is filled in by `BearerAuthMiddleware` when a valid token is sent.
public struct AppRequestContext: OperationContext {
    public var coreContext: CoreRequestContextStorage
    public var operation: APIRoute?
    public var identity: Identity?
    /// The session cookie's secret, when the identity came from the browser session.
    public var sessionSecret: String?
    /// The peer's IP address (the proxy's, behind one), for throttling logins.
    public let clientAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// JSON bodies larger than this are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
    /// Replies are written by `StreamingJSONEncoder`, not Foundation's tree-building encoder.
    public var responseEncoder: StreamingJSONEncoder { StreamingJSONEncoder() }
}

/// The context of routes that need a signed-in member: `user` is never optional here,
/// and a request without a valid token never reaches the handler (401).
public struct AuthenticatedContext: ChildRequestContext, OperationContext {
    public var coreContext: CoreRequestContextStorage
    public var operation: APIRoute?
    public let user: Member
    public let tokenID: AccessTokenID
    /// The member's zone, else the team's: what exports made for a person (Markdown) show times in.
    public let timeZone: TimeZone

    public var responseEncoder: StreamingJSONEncoder { StreamingJSONEncoder() }

    public init(context: AppRequestContext) throws {
        guard let identity = context.identity else { throw Problem.unauthorized }
        coreContext = context.coreContext
        operation = context.operation
        user = identity.member
        tokenID = identity.tokenID
        timeZone = identity.timeZone
    }

    public var maxUploadSize: Int { 1 << 20 }
    public var team: TeamID { user.teamID }

    func requireAdmin() throws {
        guard user.isAdmin else { throw Problem.forbidden("Only an admin can do this.") }
    }
}
