import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Settings → Email: each member's time zone, the kinds of email they get and their quiet hours; for
/// admins, the outbox's log with bounces and failures first.
struct EmailPages {
    let settings: EmailSettings
    let members: any MemberRepository
    let authenticator: Authenticator
    let renderer: PageRenderer
    let email: EmailStatus

    struct Model {
        struct KindRow {
            let kind: String
            let label: String
            let on: Bool
        }

        struct Hour {
            let value: Int
            let label: String
            let selected: Bool
        }

        struct LogRow {
            let when: String
            let recipient: String
            let kind: String
            let status: String
            let attempts: Int
            let error: String?
        }

        let chrome: Chrome
        let action = SiteURL.settingsEmail.path
        let emailOn: Bool
        let ownZone: String
        let zoneInUse: String
        let zoneNames: [String]
        let kinds: [KindRow]
        let quiet: Bool
        let fromHours: [Hour]
        let toHours: [Hour]
        let isAdmin: Bool
        let problems: [LogRow]
        let log: [LogRow]
        let errors: [FieldError]
        let saved: Bool
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.settingsEmail, use: page)
        router.post(.settingsEmail, use: save)
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        try await render(context, errors: [], saved: request.uri.queryParameters.get("saved") != nil, status: .ok)
    }

    private func render(_ context: WebContext, errors: [FieldError], saved: Bool, status: HTTPResponse.Status) async throws -> Response {
        let preferences = try await settings.preferences(of: context.user)
        let zone = context.timeZone
        var problems: [Model.LogRow] = []
        var log: [Model.LogRow] = []
        if context.user.isAdmin {
            func row(_ e: OutboundEmail) -> Model.LogRow {
                Model.LogRow(
                    when: PageFormat.dateTime(e.lastAttemptAt ?? e.createdAt, in: zone), recipient: e.recipientName, kind: e.kind.rawValue,
                    status: e.status.rawValue, attempts: e.attempts, error: e.lastError)
            }
            problems = try await settings.log(for: context.user, status: .failed, page: Paging(limit: 20)).items.map(row)
            log = try await settings.log(for: context.user, status: nil, page: Paging(limit: 50)).items.map(row)
        }
        func hours(_ selected: Int?) -> [Model.Hour] {
            (0..<24).map { Model.Hour(value: $0, label: ($0 < 10 ? "0" : "") + "\($0):00", selected: $0 == selected) }
        }
        let model = Model(
            chrome: Chrome(title: "Email and time zone", user: context.user, csrf: context.csrf, section: "Settings"),
            emailOn: email.relay != nil, ownZone: context.user.timeZone ?? "", zoneInUse: zone.identifier,
            zoneNames: TimeZone.knownTimeZoneIdentifiers.filter(TimeZones.isKnown).sorted(),
            kinds: EmailKind.allCases.map { .init(kind: $0.rawValue, label: $0.label, on: preferences.wants($0)) },
            quiet: preferences.quietHours != nil, fromHours: hours(preferences.quietHours?.from ?? 20), toHours: hours(preferences.quietHours?.to ?? 8),
            isAdmin: context.user.isAdmin, problems: problems, log: log, errors: errors, saved: saved)
        return renderer.render(.emailSettings, model, status: status)
    }

    @Sendable func save(_ request: Request, context: WebContext) async throws -> Response {
        let form = try await request.form(context)
        var v = Validator()
        let rawZone = form.text("timeZone") ?? ""
        let zone: String? = rawZone.isEmpty ? nil : TimeZones.validated(rawZone, field: "timeZone", into: &v)
        // The home page's "use my browser's zone" offer sends the zone alone.
        if form["zoneOnly"] == "1" {
            guard v.errors.isEmpty else { return try await render(context, errors: v.errors, saved: false, status: .unprocessableContent) }
            _ = try await members.updateProfile(context.user.id, in: context.team, name: nil, expertise: nil, timeZone: .set(zone))
            authenticator.saved(context.user.id)
            throw Redirect(to: .home)
        }
        let on = Set(form.all("on"))
        let off = Set(EmailKind.allCases.filter { !on.contains($0.rawValue) })
        var quiet: QuietHours?
        if form["quiet"] == "on" {
            quiet = EmailPreferenceRules.quietHours(from: form.text("quietFrom").flatMap { Int($0) } ?? -1, to: form.text("quietTo").flatMap { Int($0) } ?? -1, into: &v)
        }
        guard v.errors.isEmpty else { return try await render(context, errors: v.errors, saved: false, status: .unprocessableContent) }
        if zone != context.user.timeZone {
            _ = try await members.updateProfile(context.user.id, in: context.team, name: nil, expertise: nil, timeZone: .set(zone))
            authenticator.saved(context.user.id)
        }
        _ = try await settings.update(context.user, off: off, quietHours: .set(quiet))
        throw Redirect(path: SiteURL.settingsEmail.path + "?saved=1")
    }
}
