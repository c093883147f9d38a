/// Every address of the web app, as the router registers it. Pages register their handlers from here
/// (`router.get(.debrief, use: …)`) and `SiteURL` builds its links from the same patterns.
public enum PageRoute: String, CaseIterable, RoutePattern {
    case home, login, setup, logout
    case newInteraction, interactions, escalate
    case reflection, reflectionQuestions, reflectionAction
    case debriefs, debrief, submitPerspectives, perspective, debriefTimeline, debriefProposals
    case debriefLessons, debriefActions, debriefSummary, debriefStart, debriefComplete
    case accounts, account, brief, briefMeeting
    case questions, questionAnswer, questionDrop, search
    case settings, settingsPolicy, settingsMembers, settingsLossReasons, settingsEmail
    case settingsWebhooks, settingsWebhookDelete, settingsWebhookRedeliver
    case insights, importDeals, staticFile

    public var pattern: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .setup: "/setup"
        case .logout: "/logout"
        case .newInteraction: "/interactions/new"
        case .interactions: "/interactions"
        case .escalate: "/interactions/:id/escalate"
        case .reflection: "/reflections/:id"
        case .reflectionQuestions: "/reflections/:id/questions"
        case .reflectionAction: "/reflections/:id/:action"
        case .debriefs: "/debriefs"
        case .debrief: "/debriefs/:id"
        case .submitPerspectives: "/debriefs/:id/perspectives/submit"
        case .perspective: "/debriefs/:id/perspectives/:area"
        case .debriefTimeline: "/debriefs/:id/timeline"
        case .debriefProposals: "/debriefs/:id/proposals"
        case .debriefLessons: "/debriefs/:id/lessons"
        case .debriefActions: "/debriefs/:id/actions"
        case .debriefSummary: "/debriefs/:id/summary"
        case .debriefStart: "/debriefs/:id/start"
        case .debriefComplete: "/debriefs/:id/complete"
        case .accounts: "/accounts"
        case .account: "/accounts/:id"
        case .brief: "/accounts/:id/brief"
        case .briefMeeting: "/accounts/:id/brief/meeting"
        case .questions: "/questions"
        case .questionAnswer: "/questions/:id/answer"
        case .questionDrop: "/questions/:id/drop"
        case .search: "/search"
        case .settings: "/settings"
        case .settingsPolicy: "/settings/policy"
        case .settingsMembers: "/settings/members"
        case .settingsLossReasons: "/settings/loss-reasons"
        case .settingsEmail: "/settings/email"
        case .settingsWebhooks: "/settings/webhooks"
        case .settingsWebhookDelete: "/settings/webhooks/:id/delete"
        case .settingsWebhookRedeliver: "/settings/webhooks/:id/deliveries/:delivery/redeliver"
        case .insights: "/insights"
        case .importDeals: "/import"
        case .staticFile: "/static/:file"
        }
    }
}

/// Addresses that are neither pages nor documented API: Prometheus scraping, the calendar feed a
/// calendar app subscribes to, and the one-click unsubscribe link of each email.
public enum ServiceRoute: String, CaseIterable, RoutePattern {
    case metrics, calendarFeed, unsubscribe

    public var pattern: String {
        switch self {
        case .metrics: "/metrics"
        case .calendarFeed: "/calendar/:file"
        case .unsubscribe: "/unsubscribe/:token"
        }
    }
}
