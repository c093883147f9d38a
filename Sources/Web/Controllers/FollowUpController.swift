import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Seed 002's follow-up: the brief for the next meeting after a bad one, whom to bring, the account's
/// history with its recoveries, and full-text search over what the team has learned.
struct FollowUpController {
    let briefs: BriefAssembler
    let accounts: any AccountRepository
    let members: any MemberRepository
    let interactions: any InteractionRepository
    let deals: any DealRepository
    let debriefs: any DebriefRepository
    let searchRepository: any SearchRepository
    let clock: @Sendable () -> Date
    let coach: BlameCoach

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.getFollowUpBrief, use: brief)
        router.add(.getFollowUpBriefMarkdown, use: briefMarkdown)
        router.add(.getFollowUpBriefCalendar, use: briefCalendar)
        router.add(.getAccountHistory, use: history)
        router.add(.listExperts, use: experts)
        router.add(.search, use: search)
    }

    @Sendable func brief(_ request: Request, context: AuthenticatedContext) async throws -> BriefResponse {
        let (brief, names) = try await assemble(context)
        return BriefResponse(brief, names: names, coach: coach)
    }

    @Sendable func briefMarkdown(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (brief, names) = try await assemble(context)
        return Response(
            status: .ok,
            headers: [.contentType: "text/markdown; charset=utf-8", .contentDisposition: "inline; filename=\"brief-\(brief.account.id).md\""],
            body: .init(byteBuffer: ByteBuffer(string: brief.markdown(names: names, zone: context.timeZone))))
    }

    /// An iCalendar event for the follow-up meeting: `?start=2026-11-25T15:00:00Z&durationMinutes=30`.
    /// The viewer organises it; the suggested experts are invited.
    @Sendable func briefCalendar(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        let start = try query.date("start") ?? WorkingDays.add(1, to: now, in: context.timeZone)
        var duration = 30
        if let raw = try query.string("durationMinutes") {
            guard let minutes = Int(raw), (5...480).contains(minutes) else {
                throw Problem.invalidQuery("durationMinutes", "must be between 5 and 480")
            }
            duration = minutes
        }
        let (brief, names) = try await assemble(context)
        let ics = brief.calendarEvent(
            uid: "followup-\(brief.account.id)-\(Int(start.timeIntervalSince1970))@rebound", start: start, duration: TimeInterval(duration * 60),
            attendees: brief.experts.map(\.member), organizer: context.user, names: names, now: now)
        return Response(
            status: .ok,
            headers: [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "attachment; filename=\"follow-up-\(brief.account.id).ics\""],
            body: .init(byteBuffer: ByteBuffer(string: ics)))
    }

    /// The account's story: failures, their debriefs, follow-ups and how they ended. Failure is not final.
    @Sendable func history(_ request: Request, context: AuthenticatedContext) async throws -> AccountHistoryResponse {
        let account = try await account(context)
        let interactions = try await self.interactions.interactions(
            in: context.team, filter: InteractionFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)).items
        let deals = try await self.deals.deals(in: context.team, filter: DealFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)).items
        let debriefs = try await self.debriefs.debriefs(in: context.team, filter: DebriefFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)).items
        var failures: [AccountHistoryResponse.FailureStory] = []
        let badCalls = interactions.filter { $0.outcome == .bad }.map { (FailureEvent.interaction($0.id), $0.occurredAt, "\($0.kind.rawValue) rated bad") }
        let lostDeals = deals.filter { $0.status.isFailure }.map { (FailureEvent.deal($0.id), $0.failedAt ?? $0.updatedAt, "deal \($0.status.rawValue): \($0.name)") }
        for (event, at, what) in (badCalls + lostDeals).sorted(by: { $0.1 > $1.1 }) {
            let followUps = interactions.filter { $0.followUpOf == event }.sorted { $0.occurredAt < $1.occurredAt }
            let debrief = debriefs.first { $0.event == event }
            failures.append(
                .init(
                    interactionId: { if case .interaction(let id) = event { id } else { nil } }(),
                    dealId: { if case .deal(let id) = event { id } else { nil } }(),
                    occurredAt: at, what: what, debriefId: debrief?.id, debriefStatus: debrief?.status,
                    followUps: followUps.map { InteractionResponse($0, reflectionID: nil) },
                    recovery: followUps.last(where: { $0.recovery != nil })?.recovery))
        }
        let latest = failures.first
        return AccountHistoryResponse(
            account: AccountResponse(account),
            recovery: latest.map { $0.recovery?.rawValue ?? ($0.followUps.isEmpty ? "no-follow-up-yet" : "follow-up-pending") } ?? "no-failures",
            failures: failures,
            interactions: interactions.map { InteractionResponse($0, reflectionID: nil) },
            deals: deals.map { DealResponse($0) })
    }

    /// `GET /experts?topics=operations,pricing&exclude=<memberId>`: whom to bring for these topics.
    @Sendable func experts(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<ExpertResponse> {
        let query = QueryParameters(request)
        guard let raw = try query.string("topics") else {
            throw Problem.invalidQuery("topics", "is required", example: "topics=operations,pricing")
        }
        let excluded: MemberID = try query.id("exclude") ?? context.user.id
        var weights: [String: Int] = [:]
        for topic in raw.split(separator: ",") {
            let t = topic.trimmingCharacters(in: .whitespaces).lowercased()
            if !t.isEmpty { weights[t, default: 0] += 1 }
        }
        let members = try await self.members.members(in: context.team)
        let suggestions = ExpertFinder.suggest(for: weights, among: members, excluding: excluded, limit: 5)
        return ListResponse(items: suggestions.map(ExpertResponse.init), nextOffset: nil)
    }

    /// `GET /search?q=…&kinds=lesson,question`: ranked, with highlighted snippets; private text only for its author.
    @Sendable func search(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<SearchResultResponse> {
        let query = QueryParameters(request)
        guard let text = try query.string("q"), !SearchTerms.words(text).isEmpty else {
            throw Problem.invalidQuery("q", "must contain a word")
        }
        var kinds = Set(SearchKind.allCases)
        if let raw = try query.string("kinds") {
            kinds = []
            for name in raw.split(separator: ",") {
                guard let kind = SearchKind(rawValue: String(name)) else {
                    throw Problem.invalidQuery("kinds", "must be one of: \(SearchKind.allowedValues)")
                }
                kinds.insert(kind)
            }
        }
        let limit = try query.page().limit
        let hits = try await searchRepository.search(
            SearchQuery(team: context.team, viewer: context.user.id, text: text, kinds: kinds, mode: .all, limit: min(limit, 50)))
        return ListResponse(items: hits.map(SearchResultResponse.init), nextOffset: nil)
    }

    private func account(_ context: AuthenticatedContext) async throws -> Account {
        let id = try context.parameters.id(as: AccountID.self, what: "account")
        guard let account = try await accounts.account(id, in: context.team) else { throw DomainError.notFound("account") }
        return account
    }

    private func assemble(_ context: AuthenticatedContext) async throws -> (FollowUpBrief, [MemberID: String]) {
        let account = try await account(context)
        do {
            let brief = try await briefs.brief(for: account, viewer: context.user)
            return (brief, brief.names)
        } catch BriefAssembler.Failure.noFailure {
            throw Problem(
                .notFound, type: "urn:rebound:problem:no-failure", title: "Nothing to follow up",
                detail: "\(account.name) has no bad interaction and no lost or cancelled deal, so there is no follow-up brief.")
        }
    }
}
