import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// First-run set-up, login and logout in the browser.
struct AuthPages {
    let teams: any TeamRepository
    let authenticator: Authenticator
    let renderer: PageRenderer
    let secureCookies: Bool
    let clock: @Sendable () -> Date

    struct Model {
        let chrome: Chrome
        let csrf: String
        let email: String
        let teamName: String
        let name: String
        let error: String?
        let errors: [FieldError]
        let loginPath: String
        let setupPath: String
    }

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(.login, use: loginPage)
        router.post(.login, use: login)
        router.get(.setup, use: setupPage)
        router.post(.setup, use: setup)
        router.post(.logout, use: logout)
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity != nil { throw Redirect(to: .home) }
        guard try await teams.anyTeamExists() else { throw Redirect(to: .setup) }
        return page(.login, request, title: "Log in")
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await request.form(context)
        try checkPreSessionToken(form, request)
        let email = form.text("email")?.lowercased() ?? ""
        let member: Member?
        do {
            member = try await authenticator.login(email: email, password: form["password"] ?? "", address: context.clientAddress)
        } catch let refusal as LoginThrottle.Refusal {
            var response = page(
                .login, request, title: "Log in", email: email,
                error: "Too many wrong passwords for this account or from this address. Wait \(refusal.retryAfter) seconds, then try again.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(refusal.retryAfter)
            return response
        }
        guard let member else {
            return page(.login, request, title: "Log in", email: email, error: "That email and password do not match an active member.", status: .unauthorized)
        }
        return try await signIn(member)
    }

    @Sendable func setupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await !teams.anyTeamExists() else { throw Redirect(to: .login) }
        return page(.setup, request, title: "Set up Rebound")
    }

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await request.form(context)
        try checkPreSessionToken(form, request)
        guard try await !teams.anyTeamExists() else { throw Redirect(to: .login) }
        do {
            let (team, admin, hash) = try await TeamOnboarding.newTeam(
                teamName: form["teamName"] ?? "", adminName: form["name"] ?? "", email: form["email"] ?? "", password: form["password"] ?? "",
                expertise: (form["expertise"] ?? "").split(separator: ",").map(String.init), authenticator: authenticator, now: clock())
            try await teams.createTeam(team, admin: admin, passwordHash: hash)
            return try await signIn(admin)
        } catch DomainError.invalid(let errors) {
            return page(
                .setup, request, title: "Set up Rebound", email: form["email"] ?? "", teamName: form["teamName"] ?? "", name: form["name"] ?? "",
                errors: errors, status: .unprocessableContent)
        }
    }

    /// Logging out revokes the session's token on the server, not just the cookie.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let identity = context.identity, let secret = context.sessionSecret {
            let form = try await request.form(context)
            guard let token = form["_csrf"], WebSession.matches(token, WebSession.csrfToken(forSession: secret)) else {
                throw PageError(status: .forbidden, title: "This form has expired", detail: "Reload the page and try again.")
            }
            _ = try await authenticator.revoke(identity.tokenID, of: identity.member.id)
        }
        var response = Response(status: .seeOther, headers: [.location: SiteURL.login.path])
        response.setCookie(WebSession.expiredCookie(secure: secureCookies))
        return response
    }

    private func signIn(_ member: Member) async throws -> Response {
        let secret = try await authenticator.issueToken(for: member)
        var response = Response(status: .seeOther, headers: [.location: SiteURL.home.path])
        response.setCookie(WebSession.cookie(secret, secure: secureCookies))
        return response
    }

    private func checkPreSessionToken(_ form: FormData, _ request: Request) throws {
        guard let cookie = request.cookies[WebSession.preSessionCookieName]?.value, let token = form["_csrf"], WebSession.matches(cookie, token) else {
            throw PageError(status: .forbidden, title: "This form has expired", detail: "The security token was missing or wrong, so nothing was changed. Reload the page and try again.")
        }
    }

    private func page(
        _ template: PageRenderer.Template, _ request: Request, title: String, email: String = "", teamName: String = "", name: String = "", error: String? = nil,
        errors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        let token = request.cookies[WebSession.preSessionCookieName]?.value ?? WebSession.randomToken()
        var response = renderer.render(
            template,
            Model(
                chrome: Chrome(title: title, user: nil, csrf: nil), csrf: token, email: email, teamName: teamName, name: name, error: error,
                errors: errors, loginPath: SiteURL.login.path, setupPath: SiteURL.setup.path),
            status: status)
        response.setCookie(
            Cookie(name: WebSession.preSessionCookieName, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
