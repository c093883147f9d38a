import Crypto
import Domain
import Features
import Foundation
import Hummingbird
import MultipartKit

/// Browser sessions ride on the same access tokens as the API: the secret sits in an HttpOnly,
/// SameSite=Lax cookie, is stored hashed, and logging out revokes it, so several app servers share sessions.
enum WebSession {
    static let cookieName = "rebound_session"
    /// Before login there is no session; the login and set-up forms use a double-submit cookie instead.
    static let preSessionCookieName = "rebound_csrf"

    /// `secure` adds the Secure attribute: set it whenever the server is reached over HTTPS.
    static func cookie(_ secret: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: secret, maxAge: 30 * 24 * 3600, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expiredCookie(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A form token bound to the session: unguessable without the session cookie itself.
    static func csrfToken(forSession secret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data("rebound-csrf:\(secret)".utf8)).prefix(20))
    }

    static func randomToken() -> String {
        RandomToken.hex(bytes: 20)
    }

    /// Compares without an early exit, so timing does not reveal how much of a token was right.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Reads the session cookie for the web pages (any method) and, for the JSON API, only on safe
/// methods (GET/HEAD), so a browser can download a brief while every API write still needs a bearer token.
struct CookieAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator
    let safeMethodsOnly: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if context.identity == nil, let secret = request.cookies[WebSession.cookieName]?.value, !secret.isEmpty,
            !safeMethodsOnly || request.method == .get || request.method == .head
        {
            context.identity = try await authenticator.identity(forBearer: secret)
            if context.identity != nil { context.sessionSecret = secret }
        }
        return try await next(request, context)
    }
}

/// A page that needs a signed-in member: without one the browser is sent to the login page.
struct WebContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let user: Member
    let tokenID: AccessTokenID
    let csrf: String
    /// The zone the viewer reads times in (their own, or their team's).
    let timeZone: TimeZone

    init(context: AppRequestContext) throws {
        guard let identity = context.identity, let secret = context.sessionSecret else { throw Redirect(to: .login) }
        coreContext = context.coreContext
        user = identity.member
        tokenID = identity.tokenID
        timeZone = identity.timeZone
        csrf = WebSession.csrfToken(forSession: secret)
    }

    var maxUploadSize: Int { 1 << 20 }
    /// CRM exports uploaded on the import page may be larger than a form.
    static let maxFileUploadSize = 50 << 20
    var team: TeamID { user.teamID }
}

/// A 303 to another page; passes through the error middlewares untouched.
struct Redirect: Error, HTTPResponseError {
    let location: String
    var status: HTTPResponse.Status { .seeOther }

    init(to url: SiteURL) { location = url.path }
    init(path: String) { location = path }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Every POST from a page must carry the session's CSRF token in `_csrf`, or it changes nothing (403).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let token: String?
        if let boundary = request.multipartBoundary {
            // A file upload: accepted only where an upload belongs, and only from someone allowed to
            // make it, both checked before a byte of the (up to 50 MiB) body is read.
            guard request.uri.path == SiteURL.importDeals.path else {
                throw PageError(status: .unsupportedMediaType, title: "This form takes no files", detail: "Only the import page accepts a file upload.")
            }
            try ImportPages.requireManager(context.user)
            // The token is one of the parts.
            let body = try await request.collectBody(upTo: WebContext.maxFileUploadSize)
            token = (try? FormDataDecoder().decode(CSRFPart.self, from: body, boundary: boundary))?._csrf
        } else {
            token = FormData(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))["_csrf"]
        }
        guard let token, WebSession.matches(token, context.csrf) else {
            throw PageError(status: .forbidden, title: "This form has expired", detail: "The security token was missing or wrong, so nothing was changed. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }
}

private struct CSRFPart: Decodable {
    let _csrf: String
}

extension Request {
    /// The boundary of a `multipart/form-data` body, or nil for any other body.
    var multipartBoundary: String? {
        guard let type = headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in type.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}

/// An HTML error page for the browser.
struct PageError: Error {
    let status: HTTPResponse.Status
    let title: String
    let detail: String
}

/// A parsed `application/x-www-form-urlencoded` body. Repeated keys keep every value.
struct FormData {
    private var values: [String: [String]] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { Self.decode(String($0)) }
            guard let key = parts.first, !key.isEmpty else { continue }
            values[key, default: []].append(parts.count > 1 ? parts[1] : "")
        }
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    subscript(_ key: String) -> String? { values[key]?.last }

    /// Trimmed; nil when empty.
    func text(_ key: String) -> String? {
        guard let value = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func all(_ key: String) -> [String] { values[key] ?? [] }

    var fieldsWithControlCharacters: [String] {
        values.filter { key, values in TextRules.hasForbiddenControl(key) || values.contains(where: TextRules.hasForbiddenControl) }.keys.sorted()
    }
    func has(_ key: String) -> Bool { values[key] != nil }
}

extension Request {
    /// The form, with `TextRules` applied to every field: a control character is a 422 naming it.
    func form(_ context: some RequestContext) async throws -> FormData {
        var request = self
        let form = FormData(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let bad = form.fieldsWithControlCharacters
        if !bad.isEmpty { throw DomainError.invalid(bad.map { FieldError($0, TextRules.controlMessage) }) }
        return form
    }
}
