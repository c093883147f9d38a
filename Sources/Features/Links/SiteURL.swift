import Domain
import Foundation

/// Every page address, in one place: views and controllers build links from here, never from strings.
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
    case debriefAction(DebriefID, String)
    case perspective(DebriefID, DebriefArea)
    case accounts
    case account(AccountID)
    case brief(AccountID)
    case briefMarkdown(AccountID)
    case briefCalendar(AccountID)
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

    public var path: String {
        switch self {
        case .home: "/"
        case .setup: "/setup"
        case .login: "/login"
        case .logout: "/logout"
        case .newInteraction(let followUp): followUp.map { "/interactions/new?followUpOf=\($0)" } ?? "/interactions/new"
        case .interactions: "/interactions"
        case .reflection(let id): "/reflections/\(id)"
        case .reflectionAction(let id, let action): "/reflections/\(id)/\(action)"
        case .reflectionQuestions(let id): "/reflections/\(id)/questions"
        case .debriefs: "/debriefs"
        case .debrief(let id): "/debriefs/\(id)"
        case .debriefAction(let id, let action): "/debriefs/\(id)/\(action)"
        case .perspective(let id, let area): "/debriefs/\(id)/perspectives/\(area.rawValue)"
        case .accounts: "/accounts"
        case .account(let id): "/accounts/\(id)"
        case .brief(let id): "/accounts/\(id)/brief"
        case .briefMarkdown(let id): "/api/v1/accounts/\(id)/brief.md"
        case .briefCalendar(let id): "/api/v1/accounts/\(id)/brief.ics"
        case .questions: "/questions"
        case .questionAnswer(let id): "/questions/\(id)/answer"
        case .questionDrop(let id): "/questions/\(id)/drop"
        case .search(let q):
            q.map { "/search?q=" + ($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+="))) ?? "") } ?? "/search"
        case .settings: "/settings"
        case .insights: "/insights"
        case .settingsPolicy: "/settings/policy"
        case .settingsMembers: "/settings/members"
        case .escalate(let id): "/interactions/\(id)/escalate"
        case .settingsWebhooks: "/settings/webhooks"
        case .settingsLossReasons: "/settings/loss-reasons"
        case .importDeals: "/import"
        case .settingsWebhookDelete(let id): "/settings/webhooks/\(id)/delete"
        case .settingsWebhookRedeliver(let id, let delivery): "/settings/webhooks/\(id)/deliveries/\(delivery)/redeliver"
        }
    }
}
