/// Every operation of the JSON API, named by its `operationId` in `openapi.json`. The router registers
/// each from here (`router.add(.getDebrief, use: …)`), links are built from the same pattern, and
/// `OpenAPITests` checks that the document has exactly these operations at exactly these paths.
public enum APIRoute: String, CaseIterable, RoutePattern {
    case getHealth, getOpenAPIDocument, setup, login
    case listSessions, logout, revokeSession, getMe
    case updateMe, getTeam, updateTeam, listMembers
    case createMember, getMember, updateMember, createAccount
    case listAccounts, getAccount, updateAccount, getFollowUpBrief
    case getFollowUpBriefMarkdown, getFollowUpBriefCalendar, getAccountHistory, createDeal
    case listDeals, getDeal, updateDeal, createInteraction
    case listInteractions, getInteraction, updateInteraction, escalateInteraction
    case listReflections, getReflection, updateReflection, deleteReflection
    case getReflectionHistory, startReflection, completeReflection, deferReflection
    case skipReflection, shareReflection, unshareReflection, addReflectionQuestion
    case listQuestions, createQuestion, listSimilarAnswers, getQuestion
    case updateQuestion, createDebrief, listDebriefs, getDebrief
    case updateDebrief, startDebrief, completeDebrief, revisitDebrief
    case writePerspective, submitPerspectives, listTimeline, addTimelineEntry
    case listTimelineProposals, acceptTimelineProposals, updateTimelineEntry, getTimelineEntryHistory
    case addDebriefQuestion, addLesson, addActionItem, answerPulse
    case exportDebrief, listLessons, updateLesson, listActionItems
    case updateActionItem, getTeamPulse, reviewText, listExperts
    case search, getInsights, createCalendarFeed, deleteCalendarFeed
    case rotateWebhookSecret, receiveCrmWebhook, listWebhooks, createWebhook
    case getWebhook, deleteWebhook, listWebhookDeliveries, redeliverWebhook
    case listLossReasons, replaceLossReasons, listLossReasonMappings, confirmLossReasonMapping
    case getEmailPreferences, updateEmailPreferences, listEmails
    case getNextMeeting, scheduleNextMeeting, cancelNextMeeting

    public var method: RouteMethod { definition.method }
    public var pattern: String { definition.pattern }

    private var definition: (method: RouteMethod, pattern: String) {
        switch self {
        case .getHealth: (.get, "/health")
        case .getOpenAPIDocument: (.get, "/openapi.json")
        case .setup: (.post, "/api/v1/setup")
        case .login: (.post, "/api/v1/sessions")
        case .listSessions: (.get, "/api/v1/sessions")
        case .logout: (.delete, "/api/v1/sessions/current")
        case .revokeSession: (.delete, "/api/v1/sessions/:id")
        case .getMe: (.get, "/api/v1/me")
        case .updateMe: (.patch, "/api/v1/me")
        case .getTeam: (.get, "/api/v1/team")
        case .updateTeam: (.patch, "/api/v1/team")
        case .listMembers: (.get, "/api/v1/members")
        case .createMember: (.post, "/api/v1/members")
        case .getMember: (.get, "/api/v1/members/:id")
        case .updateMember: (.patch, "/api/v1/members/:id")
        case .createAccount: (.post, "/api/v1/accounts")
        case .listAccounts: (.get, "/api/v1/accounts")
        case .getAccount: (.get, "/api/v1/accounts/:id")
        case .updateAccount: (.patch, "/api/v1/accounts/:id")
        case .getFollowUpBrief: (.get, "/api/v1/accounts/:id/brief")
        case .getFollowUpBriefMarkdown: (.get, "/api/v1/accounts/:id/brief.md")
        case .getFollowUpBriefCalendar: (.get, "/api/v1/accounts/:id/brief.ics")
        case .getAccountHistory: (.get, "/api/v1/accounts/:id/history")
        case .createDeal: (.post, "/api/v1/deals")
        case .listDeals: (.get, "/api/v1/deals")
        case .getDeal: (.get, "/api/v1/deals/:id")
        case .updateDeal: (.patch, "/api/v1/deals/:id")
        case .createInteraction: (.post, "/api/v1/interactions")
        case .listInteractions: (.get, "/api/v1/interactions")
        case .getInteraction: (.get, "/api/v1/interactions/:id")
        case .updateInteraction: (.patch, "/api/v1/interactions/:id")
        case .escalateInteraction: (.post, "/api/v1/interactions/:id/escalate")
        case .listReflections: (.get, "/api/v1/reflections")
        case .getReflection: (.get, "/api/v1/reflections/:id")
        case .updateReflection: (.patch, "/api/v1/reflections/:id")
        case .deleteReflection: (.delete, "/api/v1/reflections/:id")
        case .getReflectionHistory: (.get, "/api/v1/reflections/:id/history")
        case .startReflection: (.post, "/api/v1/reflections/:id/start")
        case .completeReflection: (.post, "/api/v1/reflections/:id/complete")
        case .deferReflection: (.post, "/api/v1/reflections/:id/defer")
        case .skipReflection: (.post, "/api/v1/reflections/:id/skip")
        case .shareReflection: (.post, "/api/v1/reflections/:id/share")
        case .unshareReflection: (.post, "/api/v1/reflections/:id/unshare")
        case .addReflectionQuestion: (.post, "/api/v1/reflections/:id/questions")
        case .listQuestions: (.get, "/api/v1/questions")
        case .createQuestion: (.post, "/api/v1/questions")
        case .listSimilarAnswers: (.get, "/api/v1/questions/similar")
        case .getQuestion: (.get, "/api/v1/questions/:id")
        case .updateQuestion: (.patch, "/api/v1/questions/:id")
        case .createDebrief: (.post, "/api/v1/debriefs")
        case .listDebriefs: (.get, "/api/v1/debriefs")
        case .getDebrief: (.get, "/api/v1/debriefs/:id")
        case .updateDebrief: (.patch, "/api/v1/debriefs/:id")
        case .startDebrief: (.post, "/api/v1/debriefs/:id/start")
        case .completeDebrief: (.post, "/api/v1/debriefs/:id/complete")
        case .revisitDebrief: (.post, "/api/v1/debriefs/:id/revisit")
        case .writePerspective: (.put, "/api/v1/debriefs/:id/perspectives/:area")
        case .submitPerspectives: (.post, "/api/v1/debriefs/:id/perspectives/submit")
        case .listTimeline: (.get, "/api/v1/debriefs/:id/timeline")
        case .addTimelineEntry: (.post, "/api/v1/debriefs/:id/timeline")
        case .listTimelineProposals: (.get, "/api/v1/debriefs/:id/timeline/proposals")
        case .acceptTimelineProposals: (.post, "/api/v1/debriefs/:id/timeline/proposals")
        case .updateTimelineEntry: (.patch, "/api/v1/debriefs/:id/timeline/:entry")
        case .getTimelineEntryHistory: (.get, "/api/v1/debriefs/:id/timeline/:entry/history")
        case .addDebriefQuestion: (.post, "/api/v1/debriefs/:id/questions")
        case .addLesson: (.post, "/api/v1/debriefs/:id/lessons")
        case .addActionItem: (.post, "/api/v1/debriefs/:id/actions")
        case .answerPulse: (.post, "/api/v1/debriefs/:id/pulse")
        case .exportDebrief: (.get, "/api/v1/debriefs/:id/export.md")
        case .listLessons: (.get, "/api/v1/lessons")
        case .updateLesson: (.patch, "/api/v1/lessons/:id")
        case .listActionItems: (.get, "/api/v1/actions")
        case .updateActionItem: (.patch, "/api/v1/actions/:id")
        case .getTeamPulse: (.get, "/api/v1/pulse")
        case .reviewText: (.post, "/api/v1/coach")
        case .listExperts: (.get, "/api/v1/experts")
        case .search: (.get, "/api/v1/search")
        case .getInsights: (.get, "/api/v1/insights")
        case .createCalendarFeed: (.post, "/api/v1/me/calendar-feed")
        case .deleteCalendarFeed: (.delete, "/api/v1/me/calendar-feed")
        case .rotateWebhookSecret: (.post, "/api/v1/team/webhook-secret")
        case .receiveCrmWebhook: (.post, "/api/v1/webhooks/crm/:team")
        case .listWebhooks: (.get, "/api/v1/webhooks")
        case .createWebhook: (.post, "/api/v1/webhooks")
        case .getWebhook: (.get, "/api/v1/webhooks/:id")
        case .deleteWebhook: (.delete, "/api/v1/webhooks/:id")
        case .listWebhookDeliveries: (.get, "/api/v1/webhooks/:id/deliveries")
        case .redeliverWebhook: (.post, "/api/v1/webhooks/:id/deliveries/:delivery/redeliver")
        case .listLossReasons: (.get, "/api/v1/team/loss-reasons")
        case .replaceLossReasons: (.put, "/api/v1/team/loss-reasons")
        case .listLossReasonMappings: (.get, "/api/v1/team/loss-reason-mappings")
        case .confirmLossReasonMapping: (.put, "/api/v1/team/loss-reason-mappings")
        case .getEmailPreferences: (.get, "/api/v1/me/email")
        case .updateEmailPreferences: (.patch, "/api/v1/me/email")
        case .listEmails: (.get, "/api/v1/emails")
        case .getNextMeeting: (.get, "/api/v1/accounts/:id/next-meeting")
        case .scheduleNextMeeting: (.put, "/api/v1/accounts/:id/next-meeting")
        case .cancelNextMeeting: (.delete, "/api/v1/accounts/:id/next-meeting")
        }
    }
}
