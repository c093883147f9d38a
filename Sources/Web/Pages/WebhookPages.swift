import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Admins subscribe other tools (or a Slack channel) to Rebound's events and watch the deliveries.
struct WebhookPages {
    let subscriptions: WebhookSubscriptions
    let webhooks: any WebhookRepository
    let renderer: PageRenderer

    struct Model {
        struct EventOption {
            let value: String
            let label: String
        }

        struct DeliveryRow {
            let event: String
            let status: String
            let attempts: Int
            let when: String
            let outcome: String
            let redeliverPath: String?
        }

        struct SubscriptionRow {
            let url: String
            let events: String
            let format: String
            let deletePath: String
            let deliveries: [DeliveryRow]
        }

        let chrome: Chrome
        let subscriptions: [SubscriptionRow]
        let events: [EventOption]
        let formats: [String]
        let createPath: String
        let createdSecret: String?
        let errors: [FieldError]
    }

    static let eventLabels: [OutboundEvent: String] = [
        .reflectionOverdue: "A reflection is overdue",
        .debriefOpened: "A debrief is opened",
        .debriefDue: "A debrief falls due unfinished",
        .questionAnswered: "A library question is answered",
        .briefReady: "A follow-up brief is ready",
    ]

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.settingsWebhooks, use: page)
        router.post(.settingsWebhooks, use: create)
        router.post(.settingsWebhookDelete, use: delete)
        router.post(.settingsWebhookRedeliver, use: redeliver)
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        try requireAdmin(context)
        return try await render(context, secret: nil, errors: [], status: .ok)
    }

    @Sendable func create(_ request: Request, context: WebContext) async throws -> Response {
        try requireAdmin(context)
        let form = try await request.form(context)
        do {
            let events = try form.all("events").map { try OutboundEvent.parse($0, field: "events") }
            let format = try WebhookFormat.parse(form.text("format") ?? "rebound", field: "format")
            let subscription = try await subscriptions.subscribe(url: form["url"] ?? "", events: events, format: format, by: context.user)
            return try await render(context, secret: subscription.secret, errors: [], status: .created)
        } catch DomainError.invalid(let errors) {
            return try await render(context, secret: nil, errors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func delete(_ request: Request, context: WebContext) async throws -> Response {
        try requireAdmin(context)
        let id = try context.parameters.id(as: WebhookSubscriptionID.self, what: "webhook")
        try await subscriptions.delete(id, in: context.team)
        throw Redirect(to: .settingsWebhooks)
    }

    @Sendable func redeliver(_ request: Request, context: WebContext) async throws -> Response {
        try requireAdmin(context)
        let id = try context.parameters.id(as: WebhookSubscriptionID.self, what: "webhook")
        let deliveryID = try context.parameters.id("delivery", as: WebhookDeliveryID.self, what: "delivery")
        do {
            _ = try await subscriptions.sendAgain(deliveryID, of: id, in: context.team)
        } catch DomainError.conflict {
            // Already delivered or queued again (a second click): the page shows its state.
        }
        throw Redirect(to: .settingsWebhooks)
    }

    private func requireAdmin(_ context: WebContext) throws {
        guard context.user.isAdmin else { throw DomainError.forbidden("Only an admin can manage webhooks.") }
    }

    private func render(_ context: WebContext, secret: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        var rows: [Model.SubscriptionRow] = []
        for subscription in try await webhooks.subscriptions(in: context.team) {
            let recent = try await webhooks.deliveries(of: subscription.id, in: context.team, page: Paging(limit: 10)).items
            rows.append(
                Model.SubscriptionRow(
                    url: subscription.url, events: subscription.events.map(\.rawValue).joined(separator: ", "), format: subscription.format.rawValue,
                    deletePath: SiteURL.settingsWebhookDelete(subscription.id).path,
                    deliveries: recent.map { row(for: $0, of: subscription, in: context.timeZone) }))
        }
        let model = Model(
            chrome: Chrome(title: "Webhooks", user: context.user, csrf: context.csrf, section: "Settings"), subscriptions: rows,
            events: OutboundEvent.allCases.map { .init(value: $0.rawValue, label: Self.eventLabels[$0] ?? $0.rawValue) },
            formats: WebhookFormat.allCases.map(\.rawValue), createPath: SiteURL.settingsWebhooks.path, createdSecret: secret, errors: errors)
        return renderer.render(.webhooks, model, status: status)
    }

    private func row(for delivery: WebhookDelivery, of subscription: WebhookSubscription, in zone: TimeZone) -> Model.DeliveryRow {
        let outcome: String
        switch delivery.status {
        case .delivered: outcome = "HTTP \(delivery.lastStatusCode ?? 200)"
        case .pending:
            let last = delivery.lastError.map { "\($0); " } ?? ""
            outcome = delivery.attempts == 0 ? "queued" : "\(last)next try \(PageFormat.dateTime(delivery.nextAttemptAt, in: zone))"
        case .failed: outcome = "gave up: \(delivery.lastError ?? "no answer")"
        }
        return Model.DeliveryRow(
            event: delivery.event.rawValue, status: delivery.status.rawValue, attempts: delivery.attempts,
            when: PageFormat.dateTime(delivery.lastAttemptAt ?? delivery.createdAt, in: zone), outcome: outcome,
            redeliverPath: delivery.status == .failed ? SiteURL.settingsWebhookRedeliver(subscription.id, delivery.id).path : nil)
    }
}
