import Domain
import Foundation

/// Every link the server hands out, typed: views, controllers and webhooks build links from here, and
/// each is made from the pattern its route is registered with (`PageRoute`, `APIRoute`, `ServiceRoute`).
public enum SiteURL: Sendable {
    case home
    case setup
    case login
    case logout
    case newInteraction(followUpOf: InteractionID?)
    case interactions
    case reflection(ReflectionID)
    case reflectionAction(ReflectionID, String)
    case reflectionQuestions(ReflectionID)
    case debriefs
    case debrief(DebriefID)
    /// A form on the debrief page that posts to its own address (`.debriefTimeline`, `.debriefStart`, …).
    case debriefAction(DebriefID, PageRoute)
    case perspective(DebriefID, DebriefArea)
    case accounts
    case account(AccountID)
    case brief(AccountID)
    case briefMarkdown(AccountID)
    case briefCalendar(AccountID)
    case debriefExport(DebriefID)
    case questions
    case questionAnswer(QuestionID)
    case questionDrop(QuestionID)
    case search(String?)
    case settings
    case insights
    case settingsPolicy
    case settingsMembers
    case escalate(InteractionID)
    case settingsWebhooks
    case settingsLossReasons
    case importDeals
    case settingsWebhookDelete(WebhookSubscriptionID)
    case settingsWebhookRedeliver(WebhookSubscriptionID, WebhookDeliveryID)
    case calendarFeed(String)
    case settingsEmail
    case briefMeeting(AccountID)
    case unsubscribe(String)

    public var path: String {
        switch self {
        case .home: PageRoute.home.pattern
        case .setup: PageRoute.setup.pattern
        case .login: PageRoute.login.pattern
        case .logout: PageRoute.logout.pattern
        case .newInteraction(let followUp): PageRoute.newInteraction.pattern + (followUp.map { "?followUpOf=\($0)" } ?? "")
        case .interactions: PageRoute.interactions.pattern
        case .reflection(let id): PageRoute.reflection.link(id)
        case .reflectionAction(let id, let action): PageRoute.reflectionAction.link(id, action)
        case .reflectionQuestions(let id): PageRoute.reflectionQuestions.link(id)
        case .debriefs: PageRoute.debriefs.pattern
        case .debrief(let id): PageRoute.debrief.link(id)
        case .debriefAction(let id, let route): route.link(id)
        case .perspective(let id, let area): PageRoute.perspective.link(id, area.rawValue)
        case .accounts: PageRoute.accounts.pattern
        case .account(let id): PageRoute.account.link(id)
        case .brief(let id): PageRoute.brief.link(id)
        case .briefMarkdown(let id): APIRoute.getFollowUpBriefMarkdown.link(id)
        case .briefCalendar(let id): APIRoute.getFollowUpBriefCalendar.link(id)
        case .debriefExport(let id): APIRoute.exportDebrief.link(id)
        case .questions: PageRoute.questions.pattern
        case .questionAnswer(let id): PageRoute.questionAnswer.link(id)
        case .questionDrop(let id): PageRoute.questionDrop.link(id)
        case .search(let q):
            PageRoute.search.pattern
                + (q.map { "?q=" + ($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+="))) ?? "") } ?? "")
        case .settings: PageRoute.settings.pattern
        case .insights: PageRoute.insights.pattern
        case .settingsPolicy: PageRoute.settingsPolicy.pattern
        case .settingsMembers: PageRoute.settingsMembers.pattern
        case .escalate(let id): PageRoute.escalate.link(id)
        case .settingsWebhooks: PageRoute.settingsWebhooks.pattern
        case .settingsLossReasons: PageRoute.settingsLossReasons.pattern
        case .importDeals: PageRoute.importDeals.pattern
        case .settingsWebhookDelete(let id): PageRoute.settingsWebhookDelete.link(id)
        case .settingsWebhookRedeliver(let id, let delivery): PageRoute.settingsWebhookRedeliver.link(id, delivery)
        case .calendarFeed(let file): ServiceRoute.calendarFeed.link(file)
        case .settingsEmail: PageRoute.settingsEmail.pattern
        case .briefMeeting(let id): PageRoute.briefMeeting.link(id)
        case .unsubscribe(let token): ServiceRoute.unsubscribe.link(token)
        }
    }
}
