import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Home is the rep's queue: reflections by due time with overdue ones marked, follow-ups to
/// arrange, debriefs to take part in, and action items to close.
struct HomePage {
    let opener: DebriefOpener
    let accounts: any AccountRepository
    let interactions: any InteractionRepository
    let reflections: any ReflectionRepository
    let debriefs: any DebriefRepository
    let learning: any LearningRepository
    let renderer: PageRenderer
    let clock: @Sendable () -> Date

    struct Model {
        struct Item {
            let title: String
            let href: String
            let detail: String
            let due: String
            let overdue: Bool
            let bad: Bool
        }

        let chrome: Chrome
        let reflections: [Item]
        let overdueCount: Int
        let hasOverdue: Bool
        let followUps: [Item]
        let debriefs: [Item]
        let actions: [Item]
        let logPath: String
        /// Set while the member has no zone of their own: the page offers the browser's (see app.js).
        let zoneOffer: ZoneOffer?
    }

    struct ZoneOffer {
        let current: String
        let action = SiteURL.settingsEmail.path
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.home, use: home)
    }

    @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
        renderer.render(.home, try await model(for: context.user, csrf: context.csrf, zone: context.timeZone))
    }

    /// The queue as `user` sees it: only their own reflections, follow-ups, debriefs and actions.
    func model(for user: Member, csrf: String?, zone: TimeZone = .gmt) async throws -> Model {
        let now = clock()
        let pending = try await self.reflections.reflections(
            visibleTo: user.id, in: user.teamID, status: .pending, mineOnly: true, page: Paging(limit: 50)).items
        // One query per kind of row: read one by one, fifty reflections were a hundred round trips.
        let interactionsByID = try await interactions.interactions(pending.map(\.interactionID), in: user.teamID)
        let followUpsDue = try await opener.followUpsDue(for: user, now: now)
        let accountIDs = interactionsByID.values.map(\.accountID) + followUpsDue.map(\.accountID)
        let accountNames = try await accounts.accounts(accountIDs, in: user.teamID).mapValues(\.name)
        func name(of account: AccountID?) -> String { account.flatMap { accountNames[$0] } ?? "a customer" }
        var reflections: [Model.Item] = []
        for reflection in pending {
            let interaction = interactionsByID[reflection.interactionID]
            let account = name(of: interaction?.accountID)
            reflections.append(
                Model.Item(
                    title: "\(interaction?.kind.rawValue.capitalized ?? "Interaction") with \(account)",
                    href: SiteURL.reflection(reflection.id).path,
                    detail: "\(reflection.outcome.rawValue) · \(reflection.timeBoxMinutes)-minute reflection" + (reflection.isDeferred ? " · cooling off" : ""),
                    due: PageFormat.relative(reflection.dueAt, now: now), overdue: reflection.isOverdue(at: now), bad: reflection.outcome == .bad))
        }
        var followUps: [Model.Item] = []
        for call in followUpsDue {
            let account = name(of: call.accountID)
            followUps.append(
                Model.Item(
                    title: "Follow up with \(account)", href: SiteURL.brief(call.accountID).path,
                    detail: "after the bad \(call.kind.rawValue) on \(PageFormat.day(call.occurredAt, in: zone)) · read the brief first",
                    due: "", overdue: false, bad: true))
        }
        let debriefs = try await self.debriefs.debriefs(
            in: user.teamID, filter: DebriefFilter(participant: user.id, openOnly: true), page: Paging(limit: 20)).items
        let actions = try await learning.actionItems(
            in: user.teamID, filter: ActionFilter(ownerID: user.id, status: .open), page: Paging(limit: 20)).items
        let model = Model(
            chrome: Chrome(title: "My queue", user: user, csrf: csrf, section: "My queue"),
            reflections: reflections, overdueCount: reflections.filter(\.overdue).count, hasOverdue: reflections.contains(where: \.overdue),
            followUps: followUps,
            debriefs: debriefs.map {
                Model.Item(
                    title: $0.title, href: SiteURL.debrief($0.id).path, detail: $0.status.rawValue, due: PageFormat.relative($0.dueAt, now: now),
                    overdue: $0.isOverdue(at: now), bad: false)
            },
            actions: actions.map {
                Model.Item(
                    title: $0.title, href: $0.debriefID.map { SiteURL.debrief($0).path } ?? SiteURL.debriefs.path, detail: "action item",
                    due: "due \(PageFormat.calendarDay($0.dueDate))", overdue: $0.isOverdue(at: now), bad: false)
            },
            logPath: SiteURL.newInteraction(followUpOf: nil).path, zoneOffer: user.timeZone == nil ? ZoneOffer(current: zone.identifier) : nil)
        return model
    }
}
