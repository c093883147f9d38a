import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Accounts with their history and recovery, the printable follow-up brief, the question library and search.
struct FollowUpPages {
    let briefs: BriefAssembler
    let questions: Questions
    let accountRepository: any AccountRepository
    let interactions: any InteractionRepository
    let debriefs: any DebriefRepository
    let searchRepository: any SearchRepository
    let renderer: PageRenderer
    let meetings: FollowUpMeetings

    struct AccountsModel {
        struct Item {
            let name: String
            let href: String
            let industry: String?
        }

        let chrome: Chrome
        let items: [Item]
    }

    struct AccountModel {
        struct Story {
            let what: String
            let when: String
            let recovery: String?
            let followUps: [String]
            let followUpPath: String?
            let debriefPath: String?
        }

        let chrome: Chrome
        let name: String
        let industry: String?
        let recovery: String
        let briefPath: String
        let stories: [Story]
    }

    struct BriefModel {
        struct QuestionItem {
            let text: String
            let topic: String?
            let answer: String?
        }

        struct Expert {
            let name: String
            let reason: String
        }

        let chrome: Chrome
        let account: String
        let lastTime: String
        let summary: String?
        let openers: [String]
        let answered: [QuestionItem]
        let stillOpen: [QuestionItem]
        let experts: [Expert]
        let preparation: [String]
        let lessons: [String]
        let markdownPath: String
        let calendarPath: String
        let logFollowUpPath: String?
        /// The next meeting form: when it is, in the viewer's zone, and what the field reads.
        let meetingPath: String
        let meetingAt: String?
        let meetingValue: String
        let zoneName: String
    }

    struct QuestionsModel {
        struct Item {
            let text: String
            let topic: String?
            let status: String
            let answer: String?
            let open: Bool
            let answerPath: String
            let dropPath: String
            let fieldID: String
        }

        let chrome: Chrome
        let open: [Item]
        let answered: [Item]
    }

    struct SearchModel {
        struct Hit {
            let kind: String
            let title: String
            /// Escaped by `SearchResultResponse.highlighted`, with `<mark>` around matches.
            let snippet: String
            let href: String?
        }

        let chrome: Chrome
        let query: String
        let searched: Bool
        let hits: [Hit]
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.accounts, use: accounts)
        router.get(.account, use: account)
        router.get(.brief, use: brief)
        router.post(.briefMeeting, use: scheduleMeeting)
        router.get(.questions, use: questions)
        router.post(.questionAnswer, use: answer)
        router.post(.questionDrop, use: drop)
        router.get(.search, use: search)
    }

    @Sendable func accounts(_ request: Request, context: WebContext) async throws -> Response {
        let accounts = try await accountRepository.accounts(in: context.team, filter: AccountFilter(), page: Paging(limit: Paging.maximumLimit)).items
        return renderer.render(.accounts,
            AccountsModel(
                chrome: Chrome(title: "Accounts", user: context.user, csrf: context.csrf, section: "Accounts"),
                items: accounts.map { .init(name: $0.name, href: SiteURL.account($0.id).path, industry: $0.industry) }))
    }

    @Sendable func account(_ request: Request, context: WebContext) async throws -> Response {
        let account = try await findAccount(context)
        let interactions = try await self.interactions.interactions(
            in: context.team, filter: InteractionFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)).items
        let debriefs = try await self.debriefs.debriefs(in: context.team, filter: DebriefFilter(accountID: account.id), page: Paging(limit: 50)).items
        let stories: [AccountModel.Story] = interactions.filter { $0.outcome == .bad }.map { bad in
            let followUps = interactions.filter { $0.followUpOf == .interaction(bad.id) }.sorted { $0.occurredAt < $1.occurredAt }
            return .init(
                what: "Bad \(bad.kind.rawValue)" + (bad.summary.map { ": \($0)" } ?? ""), when: PageFormat.dateTime(bad.occurredAt, in: context.timeZone),
                recovery: followUps.last(where: { $0.recovery != nil })?.recovery?.rawValue,
                followUps: followUps.map { "\($0.kind.rawValue.capitalized) on \(PageFormat.day($0.occurredAt, in: context.timeZone)): \($0.outcome.rawValue)" + ($0.recovery.map { " · \($0.rawValue)" } ?? "") },
                followUpPath: bad.repID == context.user.id ? SiteURL.newInteraction(followUpOf: bad.id).path : nil,
                debriefPath: debriefs.first { $0.event == .interaction(bad.id) }.map { SiteURL.debrief($0.id).path })
        }
        let latest = stories.first
        return renderer.render(.account,
            AccountModel(
                chrome: Chrome(title: account.name, user: context.user, csrf: context.csrf, section: "Accounts"), name: account.name,
                industry: account.industry,
                recovery: latest.map { $0.recovery ?? ($0.followUps.isEmpty ? "no follow-up yet" : "follow-up pending") } ?? "no failures",
                briefPath: SiteURL.brief(account.id).path, stories: stories))
    }

    @Sendable func brief(_ request: Request, context: WebContext) async throws -> Response {
        let account = try await findAccount(context)
        let brief: FollowUpBrief
        do {
            brief = try await briefs.brief(for: account, viewer: context.user)
        } catch BriefAssembler.Failure.noFailure {
            throw PageError(status: .notFound, title: "Nothing to follow up", detail: "\(account.name) has no bad interaction and no lost deal.")
        }
        let names = brief.names
        let meeting = try await meetings.meeting(of: account.id, for: context.user)
        var followUp: String?
        if case .interaction(let id) = brief.failure.event { followUp = SiteURL.newInteraction(followUpOf: id).path }
        let model = BriefModel(
            chrome: Chrome(title: "Brief: \(account.name)", user: context.user, csrf: context.csrf, section: "Accounts"), account: account.name,
            lastTime: "a \(brief.failure.kind) on \(PageFormat.dateTime(brief.failure.occurredAt, in: context.timeZone))" + (brief.failure.repID.flatMap { names[$0] }.map { " with \($0)" } ?? ""),
            summary: brief.failure.summary ?? brief.failure.lostReason, openers: brief.openers,
            answered: brief.answeredQuestions.map { .init(text: $0.text, topic: $0.topic, answer: $0.answer) },
            stillOpen: brief.openQuestions.map { .init(text: $0.text, topic: $0.topic, answer: nil) },
            experts: brief.experts.map { .init(name: $0.member.name, reason: $0.reason) },
            preparation: brief.preparation.map { "\($0.kind): \($0.text)" }, lessons: brief.lessons.map(\.text),
            markdownPath: SiteURL.briefMarkdown(account.id).path, calendarPath: SiteURL.briefCalendar(account.id).path, logFollowUpPath: followUp,
            meetingPath: SiteURL.briefMeeting(account.id).path, meetingAt: meeting.map { PageFormat.dateTime($0.startsAt, in: context.timeZone) },
            meetingValue: meeting.map { PageFormat.formValue($0.startsAt, in: context.timeZone) } ?? "",
            zoneName: PageFormat.zoneName(context.timeZone, at: meeting?.startsAt ?? Date()))
        return renderer.render(.brief, model)
    }

    /// The form's time is wall-clock time in the viewer's zone; an empty one removes the meeting.
    @Sendable func scheduleMeeting(_ request: Request, context: WebContext) async throws -> Response {
        let account = try await findAccount(context)
        let form = try await request.form(context)
        let raw = form.text("startsAt") ?? ""
        if raw.isEmpty {
            try? await meetings.cancel(account.id, by: context.user)
        } else {
            guard let startsAt = PageFormat.formDateTime(raw, in: context.timeZone) else {
                throw DomainError.invalid("startsAt", "must be a date and time like 2026-12-10T09:00")
            }
            _ = try await meetings.schedule(account.id, at: startsAt, by: context.user)
        }
        throw Redirect(to: .brief(account.id))
    }

    @Sendable func questions(_ request: Request, context: WebContext) async throws -> Response {
        let all = try await questions.list(for: context.user, filter: QuestionFilter(), page: Paging(limit: Paging.maximumLimit)).items
        func item(_ q: Question) -> QuestionsModel.Item {
            .init(
                text: q.text, topic: q.topic, status: q.status.rawValue, answer: q.answer, open: q.status == .open,
                answerPath: SiteURL.questionAnswer(q.id).path, dropPath: SiteURL.questionDrop(q.id).path, fieldID: "answer-\(q.id)")
        }
        return renderer.render(.questions,
            QuestionsModel(
                chrome: Chrome(title: "Questions", user: context.user, csrf: context.csrf, section: "Questions"),
                open: all.filter { $0.status == .open }.map(item), answered: all.filter { $0.status == .answered }.map(item)))
    }

    @Sendable func answer(_ request: Request, context: WebContext) async throws -> Response {
        let id = try questionID(context)
        let form = try await request.form(context)
        _ = try await questions.update(id, Questions.Changes(status: .answered, answer: form["answer"] ?? ""), by: context.user)
        throw Redirect(to: .questions)
    }

    @Sendable func drop(_ request: Request, context: WebContext) async throws -> Response {
        _ = try await questions.update(try questionID(context), Questions.Changes(status: .dropped), by: context.user)
        throw Redirect(to: .questions)
    }

    @Sendable func search(_ request: Request, context: WebContext) async throws -> Response {
        let q = try QueryParameters(request).string("q") ?? ""
        var hits: [SearchModel.Hit] = []
        if !SearchTerms.words(q).isEmpty {
            hits = try await searchRepository.search(SearchQuery(team: context.team, viewer: context.user.id, text: q, limit: 30)).map { hit in
                var href: String?
                switch hit.kind {
                case .reflection: href = SiteURL.reflection(ReflectionID(hit.refID)).path
                case .question: href = SiteURL.questions.path
                default: href = hit.debriefID.map { SiteURL.debrief($0).path }
                }
                return .init(kind: hit.kind.rawValue, title: hit.title, snippet: SearchResultResponse.highlighted(hit.snippet), href: href)
            }
        }
        return renderer.render(.search,
            SearchModel(chrome: Chrome(title: "Search", user: context.user, csrf: context.csrf), query: q, searched: !q.isEmpty, hits: hits))
    }

    private func findAccount(_ context: WebContext) async throws -> Account {
        guard let raw = context.parameters.get("id"), let id = AccountID(raw), let account = try await accountRepository.account(id, in: context.team) else {
            throw DomainError.notFound("account")
        }
        return account
    }

    private func questionID(_ context: WebContext) throws -> QuestionID {
        guard let raw = context.parameters.get("id"), let id = QuestionID(raw) else { throw DomainError.notFound("question") }
        return id
    }
}
