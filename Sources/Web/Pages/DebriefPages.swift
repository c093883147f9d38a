import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The debrief workspace in the browser: the seven areas with prompts, my perspective, everyone's
/// side by side once submitted, the timeline, coach suggestions beside the text, lessons and actions.
struct DebriefPages {
    let repositories: Repositories
    let renderer: PageRenderer
    let clock: @Sendable () -> Date
    let coach = BlameCoach()

    struct Finding {
        let category: String
        let phrase: String
        let message: String
        let suggestion: String
    }

    struct ListModel {
        struct Item {
            let title: String
            let href: String
            let status: String
            let due: String
            let overdue: Bool
        }

        let chrome: Chrome
        let items: [Item]
    }

    struct WorkspaceModel {
        struct View {
            let author: String
            let text: String
            let mine: Bool
            let draft: Bool
            let findings: [Finding]
        }

        struct Area {
            let key: String
            let title: String
            let prompts: [String]
            let myText: String
            let myFindings: [Finding]
            let views: [View]
            let formPath: String
        }

        struct Entry {
            let when: String
            let actor: String
            let description: String
            let source: String
            let findings: [Finding]
        }

        struct Proposal {
            let interactionId: String
            let when: String
            let description: String
        }

        struct LessonItem {
            let text: String
            let tags: String
            let findings: [Finding]
        }

        struct ActionItemRow {
            let title: String
            let owner: String
            let due: String
            let status: String
            let overdue: Bool
            let findings: [Finding]
        }

        struct MemberOption {
            let id: String
            let name: String
        }

        let chrome: Chrome
        let title: String
        let status: String
        let due: String
        let overdue: Bool
        let facilitator: String
        let participants: String
        let isParticipant: Bool
        let canFacilitate: Bool
        let scheduled: Bool
        let completed: Bool
        let soakRevisit: String?
        let summary: String
        let summaryFindings: [Finding]
        let hasDrafts: Bool
        let areas: [Area]
        let timeline: [Entry]
        let proposals: [Proposal]
        let lessons: [LessonItem]
        let actions: [ActionItemRow]
        let members: [MemberOption]
        let submitPath: String
        let timelinePath: String
        let proposalsPath: String
        let lessonPath: String
        let actionPath: String
        let startPath: String
        let completePath: String
        let summaryPath: String
        let exportPath: String
        /// The loss reasons to conclude, for a lost or cancelled deal's debrief; empty otherwise.
        let lossReasons: [ReasonOption]
        let crmLossReason: String?
    }

    struct ReasonOption {
        let key: String
        let label: String
        let selected: Bool
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get("debriefs", use: list)
        router.get("debriefs/:id", use: workspace)
        router.post("debriefs/:id/perspectives/submit", use: submit)
        router.post("debriefs/:id/perspectives/:area", use: writePerspective)
        router.post("debriefs/:id/timeline", use: addEntry)
        router.post("debriefs/:id/proposals", use: acceptProposal)
        router.post("debriefs/:id/lessons", use: addLesson)
        router.post("debriefs/:id/actions", use: addAction)
        router.post("debriefs/:id/summary", use: saveSummary)
        router.post("debriefs/:id/start", use: start)
        router.post("debriefs/:id/complete", use: complete)
    }

    @Sendable func list(_ request: Request, context: WebContext) async throws -> Response {
        let now = clock()
        let debriefs = try await repositories.debriefs.debriefs(in: context.team, filter: DebriefFilter(), page: Paging(limit: 100)).items
        let model = ListModel(
            chrome: Chrome(title: "Debriefs", user: context.user, csrf: context.csrf, section: "Debriefs"),
            items: debriefs.map {
                .init(
                    title: $0.title, href: SiteURL.debrief($0.id).path, status: $0.status.rawValue,
                    due: $0.status == .completed ? "completed" : PageFormat.relative($0.dueAt, now: now), overdue: $0.isOverdue(at: now))
            })
        return renderer.render("debriefs", model)
    }

    @Sendable func workspace(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await debrief(context)
        let now = clock()
        let members = try await repositories.members.members(in: context.team)
        let names = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.name) })
        let perspectives = try await repositories.debriefs.perspectives(of: debrief.id, visibleTo: context.user.id)
        let timeline = try await repositories.debriefs.timeline(of: debrief.id)
        let proposals = try await proposals(debrief, context)
        let lessons = try await repositories.learning.lessons(in: context.team, filter: LessonFilter(debriefID: debrief.id), page: Paging(limit: 100)).items
        let actions = try await repositories.learning.actionItems(in: context.team, filter: ActionFilter(debriefID: debrief.id), page: Paging(limit: 100)).items
        let id = debrief.id
        let model = WorkspaceModel(
            chrome: Chrome(title: debrief.title, user: context.user, csrf: context.csrf, section: "Debriefs"),
            title: debrief.title, status: debrief.status.rawValue,
            due: "\(PageFormat.dateTime(debrief.dueAt)) (\(debrief.status == .completed ? "completed" : PageFormat.relative(debrief.dueAt, now: now)))",
            overdue: debrief.isOverdue(at: now), facilitator: names[debrief.facilitatorID] ?? "former member",
            participants: debrief.everyone.map { names[$0] ?? "former member" }.joined(separator: ", "),
            isParticipant: debrief.isParticipant(context.user.id),
            canFacilitate: debrief.canFacilitate(context.user),
            scheduled: debrief.status == .scheduled, completed: debrief.status == .completed,
            soakRevisit: debrief.soakRevisitAt.map(PageFormat.dateTime), summary: debrief.summary ?? "",
            summaryFindings: findings(debrief.summary),
            hasDrafts: perspectives.contains { $0.authorID == context.user.id && !$0.isSubmitted },
            areas: DebriefArea.allCases.map { area in
                let mine = perspectives.first { $0.area == area && $0.authorID == context.user.id }
                return .init(
                    key: area.rawValue, title: area.title, prompts: area.prompts, myText: mine?.text ?? "", myFindings: findings(mine?.text),
                    views: perspectives.filter { $0.area == area && $0.isSubmitted }.map {
                        .init(author: names[$0.authorID] ?? "former member", text: $0.text, mine: $0.authorID == context.user.id, draft: false, findings: findings($0.text))
                    },
                    formPath: SiteURL.perspective(id, area).path)
            },
            timeline: timeline.map {
                .init(when: PageFormat.dateTime($0.occurredAt), actor: $0.actor, description: $0.description, source: $0.source.rawValue, findings: findings($0.description))
            },
            proposals: proposals,
            lessons: lessons.map { .init(text: $0.text, tags: $0.tags.map { "#\($0)" }.joined(separator: " "), findings: findings($0.text)) },
            actions: actions.map {
                .init(
                    title: $0.title, owner: names[$0.ownerID] ?? "former member", due: PageFormat.day($0.dueDate), status: $0.status.rawValue,
                    overdue: $0.isOverdue(at: now), findings: findings($0.title))
            },
            members: members.filter(\.active).map { .init(id: $0.id.description, name: $0.name) },
            submitPath: SiteURL.debriefAction(id, "perspectives/submit").path, timelinePath: SiteURL.debriefAction(id, "timeline").path,
            proposalsPath: SiteURL.debriefAction(id, "proposals").path, lessonPath: SiteURL.debriefAction(id, "lessons").path,
            actionPath: SiteURL.debriefAction(id, "actions").path, startPath: SiteURL.debriefAction(id, "start").path,
            completePath: SiteURL.debriefAction(id, "complete").path, summaryPath: SiteURL.debriefAction(id, "summary").path,
            exportPath: "/api/v1/debriefs/\(id)/export.md",
            lossReasons: try await reasonOptions(debrief, context), crmLossReason: try await crmLossReason(debrief, context))
        return renderer.render("debrief", model)
    }

    @Sendable func writePerspective(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await debrief(context)
        guard let raw = context.parameters.get("area"), let area = DebriefArea(rawValue: raw) else { throw DomainError.notFound("area") }
        let form = try await request.form(context)
        _ = try await DebriefOpener(repositories: repositories).writePerspective(form["text"] ?? "", area: area, in: debrief, by: context.user, now: clock())
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#area-\(area.rawValue)")
    }

    @Sendable func submit(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await debrief(context)
        guard debrief.isParticipant(context.user.id) else { throw DomainError.forbidden("Only the debrief's participants submit perspectives.") }
        _ = try await repositories.debriefs.submitPerspectives(of: context.user.id, in: debrief.id, at: clock())
        throw Redirect(to: .debrief(debrief.id))
    }

    @Sendable func addEntry(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await contributable(context)
        let form = try await request.form(context)
        guard let when = form.text("occurredAt").flatMap(PageFormat.formDateTime) else {
            throw DomainError.invalid("occurredAt", "is required: when did it happen?")
        }
        var entry = TimelineEntry(
            teamID: context.team, debriefID: debrief.id, occurredAt: when, actor: form["actor"] ?? "", description: form["description"] ?? "",
            source: form.text("source").flatMap(TimelineSource.init(rawValue:)) ?? .note, createdByID: context.user.id, createdAt: clock())
        try entry.validate()
        try await repositories.debriefs.addTimelineEntries([entry])
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#timeline")
    }

    @Sendable func acceptProposal(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await contributable(context)
        let form = try await request.form(context)
        let wanted = Set(form.all("interactionId"))
        let proposals = try await proposedEntries(debrief, context)
        try await repositories.debriefs.addTimelineEntries(proposals.filter { wanted.contains($0.interactionID?.description ?? "") })
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#timeline")
    }

    @Sendable func addLesson(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await contributable(context)
        let form = try await request.form(context)
        var lesson = Lesson(
            teamID: context.team, debriefID: debrief.id, text: form["text"] ?? "",
            tags: (form["tags"] ?? "").split(separator: ",").map(String.init), authorID: context.user.id, createdAt: clock())
        try lesson.validate()
        try await repositories.learning.addLesson(lesson)
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#outcome")
    }

    @Sendable func addAction(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await contributable(context)
        let form = try await request.form(context)
        var v = Validator()
        let owner = form.text("ownerId").flatMap { MemberID($0) }
        v.check(owner != nil, "ownerId", "every action item needs an owner")
        let due = form.text("dueDate").flatMap(CalendarDay.parse)
        v.check(due != nil, "dueDate", "every action item needs a due date")
        try v.throwIfInvalid()
        guard try await repositories.members.member(owner!, in: context.team) != nil else { throw DomainError.invalid("ownerId", "no such member") }
        var item = ActionItem(
            teamID: context.team, debriefID: debrief.id, title: form["title"] ?? "", ownerID: owner!, dueDate: due!, createdByID: context.user.id,
            createdAt: clock())
        try item.validate()
        try await repositories.learning.addActionItem(item)
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#outcome")
    }

    @Sendable func saveSummary(_ request: Request, context: WebContext) async throws -> Response {
        var debrief = try await facilitated(context)
        let form = try await request.form(context)
        debrief.summary = form.text("summary")
        debrief.parkedIdeas = form.text("parkedIdeas") ?? debrief.parkedIdeas
        if form.has("concludedLossReason") {
            let key = form.text("concludedLossReason")
            if let key { try LossReason.requireKnown(key, among: try await repositories.lossReasons.lossReasons(of: context.team), field: "concludedLossReason") }
            debrief.concludedLossReason = key
        }
        debrief.updatedAt = clock()
        try debrief.validate()
        try await repositories.debriefs.updateDebrief(debrief)
        throw Redirect(path: SiteURL.debrief(debrief.id).path + "#outcome")
    }

    private func reasonOptions(_ debrief: Debrief, _ context: WebContext) async throws -> [ReasonOption] {
        guard case .deal = debrief.event else { return [] }
        return try await repositories.lossReasons.lossReasons(of: context.team).map {
            ReasonOption(key: $0.key, label: $0.label, selected: $0.key == debrief.concludedLossReason)
        }
    }

    private func crmLossReason(_ debrief: Debrief, _ context: WebContext) async throws -> String? {
        guard case .deal(let id) = debrief.event else { return nil }
        return try await repositories.deals.deal(id, in: context.team)?.lostReason
    }

    @Sendable func start(_ request: Request, context: WebContext) async throws -> Response {
        var debrief = try await facilitated(context)
        try debrief.start(at: clock())
        try await repositories.debriefs.updateDebrief(debrief)
        throw Redirect(to: .debrief(debrief.id))
    }

    @Sendable func complete(_ request: Request, context: WebContext) async throws -> Response {
        var debrief = try await facilitated(context)
        try debrief.complete(at: clock())
        try await repositories.debriefs.updateDebrief(debrief)
        throw Redirect(to: .debrief(debrief.id))
    }

    private func findings(_ text: String?) -> [Finding] {
        guard let text else { return [] }
        return coach.review(text).map { Finding(category: $0.category.rawValue, phrase: $0.phrase, message: $0.message, suggestion: $0.suggestion) }
    }

    private func debrief(_ context: WebContext) async throws -> Debrief {
        guard let raw = context.parameters.get("id"), let id = DebriefID(raw), let debrief = try await repositories.debriefs.debrief(id, in: context.team) else {
            throw DomainError.notFound("debrief")
        }
        return debrief
    }

    private func contributable(_ context: WebContext) async throws -> Debrief {
        let debrief = try await debrief(context)
        guard debrief.canContribute(context.user) else {
            throw DomainError.forbidden("Only the debrief's participants, managers and admins can add to it.")
        }
        return debrief
    }

    private func facilitated(_ context: WebContext) async throws -> Debrief {
        let debrief = try await debrief(context)
        guard debrief.canFacilitate(context.user) else {
            throw DomainError.forbidden("Only the facilitator, a manager or an admin can do this.")
        }
        return debrief
    }

    private func proposedEntries(_ debrief: Debrief, _ context: WebContext) async throws -> [TimelineEntry] {
        try await DebriefOpener(repositories: repositories).proposals(for: debrief, by: context.user.id, now: clock())
    }

    private func proposals(_ debrief: Debrief, _ context: WebContext) async throws -> [WorkspaceModel.Proposal] {
        try await proposedEntries(debrief, context).map {
            .init(interactionId: $0.interactionID?.description ?? "", when: PageFormat.dateTime($0.occurredAt), description: $0.description)
        }
    }
}
