import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// A per-member iCalendar feed behind a secret URL: due reflections, debriefs, soak-time revisits,
/// follow-ups to arrange and action items. Creating a new URL retires the old one.
struct CalendarFeedController {
    let calendarFeeds: any CalendarFeedRepository
    let opener: DebriefOpener
    let accounts: any AccountRepository
    let interactions: any InteractionRepository
    let reflections: any ReflectionRepository
    let debriefs: any DebriefRepository
    let learning: any LearningRepository
    let clock: @Sendable () -> Date

    struct FeedResponse: ResponseEncodable {
        /// Subscribe to this path on the server. It is shown once; only its hash is stored.
        let path: String
    }

    func addRoutes(api: RouterGroup<AuthenticatedContext>, public router: Router<AppRequestContext>) {
        api.add(.createCalendarFeed, use: create)
        api.add(.deleteCalendarFeed, use: remove)
        router.get(.calendarFeed, use: feed)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<FeedResponse> {
        EditedResponse(status: .created, response: FeedResponse(path: try await newFeedPath(for: context.user, now: clock())))
    }

    func newFeedPath(for member: Member, now: Date) async throws -> String {
        let secret = "cal_" + WebSession.randomToken() + WebSession.randomToken()
        try await calendarFeeds.setCalendarFeed(of: member.id, tokenHash: Authenticator.digest(secret), at: now)
        return SiteURL.calendarFeed(secret + ".ics").path
    }

    @Sendable func remove(_ request: Request, context: AuthenticatedContext) async throws -> HTTPResponse.Status {
        try await calendarFeeds.removeCalendarFeed(of: context.user.id)
        return .noContent
    }

    /// No session here: calendar apps fetch the URL on their own. An unknown or retired secret is a plain 404.
    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
            let member = try await calendarFeeds.member(forCalendarFeedHash: Authenticator.digest(String(file.dropLast(4)))),
            member.active
        else { throw DomainError.notFound("calendar feed") }
        let now = clock()
        let feed = CalendarFeed(name: "Rebound: \(member.name)", events: try await events(for: member, now: now))
        return Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: feed.render(now: now))))
    }

    func events(for member: Member, now: Date) async throws -> [CalendarFeed.Event] {
        let team = member.teamID
        var names: [AccountID: String] = [:]
        func accountName(_ id: AccountID) async throws -> String {
            if let name = names[id] { return name }
            let name = try await accounts.account(id, in: team)?.name ?? "a customer"
            names[id] = name
            return name
        }
        var events: [CalendarFeed.Event] = []
        let pending = try await reflections.reflections(
            visibleTo: member.id, in: team, status: .pending, mineOnly: true, page: Paging(limit: Paging.maximumLimit)).items
        for reflection in pending {
            let interaction = try await interactions.interaction(reflection.interactionID, in: team)
            let account = try await interaction.asyncMap { try await accountName($0.accountID) } ?? "a customer"
            events.append(
                .init(
                    uid: "reflection-\(reflection.id)@rebound", summary: "Reflect: \(interaction?.kind.rawValue ?? "interaction") with \(account)",
                    description: "A \(reflection.timeBoxMinutes)-minute reflection on a \(reflection.outcome.rawValue) \(interaction?.kind.rawValue ?? "interaction"). Open it at /reflections/\(reflection.id)",
                    timing: .at(reflection.dueAt.addingTimeInterval(TimeInterval(-reflection.timeBoxMinutes * 60)), minutes: reflection.timeBoxMinutes)))
        }
        let debriefs = try await self.debriefs.debriefs(in: team, filter: DebriefFilter(participant: member.id), page: Paging(limit: Paging.maximumLimit)).items
        for debrief in debriefs {
            if debrief.status != .completed {
                events.append(
                    .init(
                        uid: "debrief-\(debrief.id)@rebound", summary: "Debrief: \(debrief.title)",
                        description: "Blameless team debrief, due \(debrief.dueAt.formatted(.iso8601)). Write your perspective first: /debriefs/\(debrief.id)",
                        timing: .at(debrief.scheduledFor ?? debrief.dueAt.addingTimeInterval(-3600), minutes: 60)))
            } else if let revisit = debrief.soakRevisitAt, debrief.revisitedAt == nil {
                events.append(
                    .init(
                        uid: "revisit-\(debrief.id)@rebound", summary: "Soak-time revisit: \(debrief.title)",
                        description: "Look again at the parked ideas: /debriefs/\(debrief.id)", timing: .at(revisit, minutes: 30)))
            }
        }
        for call in try await opener.followUpsDue(for: member, now: now) {
            let account = try await accountName(call.accountID)
            events.append(
                .init(
                    uid: "follow-up-\(call.id)@rebound", summary: "Follow up with \(account)",
                    description: "After the bad \(call.kind.rawValue) on \(call.occurredAt.formatted(.iso8601)). Read the brief: /accounts/\(call.accountID)/brief",
                    timing: .allDay(WorkingDays.add(1, to: call.occurredAt, in: .gmt))))
        }
        let actions = try await learning.actionItems(
            in: team, filter: ActionFilter(ownerID: member.id, status: .open), page: Paging(limit: Paging.maximumLimit)).items
        for action in actions {
            events.append(.init(uid: "action-\(action.id)@rebound", summary: "Action: \(action.title)", description: "An action item from a debrief.", timing: .allDay(action.dueDate)))
        }
        return events
    }
}
