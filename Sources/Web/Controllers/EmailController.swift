import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Email over the API: a member's own preferences, the admins' outbox log, and the one-click
/// unsubscribe link every message carries (RFC 8058: a POST from the mail client, no session).
struct EmailController {
    let settings: EmailSettings
    let renderer: PageRenderer

    struct PreferencesPatch: Decodable {
        let off: [EmailKind]?
        let quietHours: QuietHoursBody?
    }

    struct QuietHoursBody: Codable, Sendable {
        let from: Int?
        let to: Int?
    }

    func addRoutes(api: RouterGroup<AuthenticatedContext>, public router: Router<AppRequestContext>) {
        api.add(.getEmailPreferences, use: preferences)
        api.add(.updateEmailPreferences, use: update)
        api.add(.listEmails, use: log)
        router.get(.unsubscribe, use: confirm)
        router.post(.unsubscribe, use: unsubscribe)
    }

    @Sendable func preferences(_ request: Request, context: AuthenticatedContext) async throws -> EmailPreferencesResponse {
        EmailPreferencesResponse(try await settings.preferences(of: context.user))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> EmailPreferencesResponse {
        let body = try await request.decodePatch(as: PreferencesPatch.self, context: context)
        var quietHours = FieldChange<QuietHours?>.keep
        if body.has("quietHours") {
            var v = Validator()
            let hours = body.value.quietHours
            quietHours = .set(hours.flatMap { EmailPreferenceRules.quietHours(from: $0.from, to: $0.to, into: &v) })
            if let hours, hours.from == nil || hours.to == nil {
                v.check(false, "quietHours", "needs both from and to (hours of the day, 0 to 23), or null for none")
            }
            try v.throwIfInvalid()
        }
        let stored = try await settings.update(context.user, off: body.value.off.map(Set.init), quietHours: quietHours)
        return EmailPreferencesResponse(stored)
    }

    @Sendable func log(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<EmailLogEntryResponse> {
        let query = try QueryParameters(request)
        let page = try await settings.log(for: context.user, status: try query.value("status", as: OutboundEmailStatus.self), page: try query.page())
        return ListResponse(page) { EmailLogEntryResponse($0) }
    }

    /// A link opened in a browser (or fetched by a mail scanner) changes nothing: it asks.
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        return renderer.render(.unsubscribe, UnsubscribeModel(chrome: Chrome(title: "Stop these emails", user: nil, csrf: nil), action: SiteURL.unsubscribe(token).path, done: nil))
    }

    /// The mail client's one-click POST, or the button on the page above.
    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let kind = try await settings.unsubscribe(token: token) else {
            throw DomainError.notFound("unsubscribe link")
        }
        return renderer.render(
            .unsubscribe,
            UnsubscribeModel(chrome: Chrome(title: "Emails stopped", user: nil, csrf: nil), action: nil, done: kind.label))
    }
}

struct UnsubscribeModel {
    let chrome: Chrome
    /// Where the confirmation form posts; nil once done.
    let action: String?
    /// What was turned off: "Rebound no longer emails you when …".
    let done: String?
}

struct EmailPreferencesResponse: ResponseEncodable {
    struct Kind: Encodable, Sendable {
        let kind: EmailKind
        let label: String
        let on: Bool
    }

    let off: [EmailKind]
    let quietHours: EmailController.QuietHoursBody?
    let kinds: [Kind]

    init(_ p: EmailPreferences) {
        off = EmailKind.allCases.filter { p.off.contains($0) }
        quietHours = p.quietHours.map { EmailController.QuietHoursBody(from: $0.from, to: $0.to) }
        kinds = EmailKind.allCases.map { Kind(kind: $0, label: $0.label, on: p.wants($0)) }
    }
}

/// One message in the admins' log: who and what kind, when and how it went. Never the subject or the
/// words: a reminder names a rep's own call, which is theirs.
struct EmailLogEntryResponse: ResponseEncodable {
    let id: OutboundEmailID
    let memberId: MemberID
    let recipientName: String
    let to: String
    let kind: EmailKind
    let status: OutboundEmailStatus
    let attempts: Int
    let nextAttemptAt: Date?
    let lastAttemptAt: Date?
    let lastError: String?
    let sentAt: Date?
    let createdAt: Date

    init(_ e: OutboundEmail) {
        id = e.id
        memberId = e.memberID
        recipientName = e.recipientName
        to = e.to
        kind = e.kind
        status = e.status
        attempts = e.attempts
        nextAttemptAt = e.status == .pending ? e.nextAttemptAt : nil
        lastAttemptAt = e.lastAttemptAt
        lastError = e.lastError
        sentAt = e.sentAt
        createdAt = e.createdAt
    }
}
