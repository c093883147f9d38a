import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The debrief workspace in the browser: the seven areas with prompts, my perspective, everyone's
/// side by side once submitted, the timeline, coach suggestions beside the text, lessons and actions.
struct DebriefPages {
    let debriefs: Debriefs
    let renderer: PageRenderer
    let coach: BlameCoach
    let clock: @Sendable () -> Date

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
        /// The zone a new timeline entry's time is read in, as the label names it.
        let zoneName: String
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
        router.get(.debriefs, use: list)
        router.get(.debrief, use: workspace)
        router.post(.submitPerspectives, use: submit)
        router.post(.perspective, use: writePerspective)
        router.post(.debriefTimeline, use: addEntry)
        router.post(.debriefProposals, use: acceptProposal)
        router.post(.debriefLessons, use: addLesson)
        router.post(.debriefActions, use: addAction)
        router.post(.debriefSummary, use: saveSummary)
        router.post(.debriefStart, use: start)
        router.post(.debriefComplete, use: complete)
    }

    @Sendable func list(_ request: Request, context: WebContext) async throws -> Response {
        let now = clock()
        let debriefs = try await debriefs.list(for: context.user, filter: DebriefFilter(), page: Paging(limit: 100)).items
        let model = ListModel(
            chrome: Chrome(title: "Debriefs", user: context.user, csrf: context.csrf, section: "Debriefs"),
            items: debriefs.map {
                .init(
                    title: $0.title, href: SiteURL.debrief($0.id).path, status: $0.status.rawValue,
                    due: $0.status == .completed ? "completed" : PageFormat.relative($0.dueAt, now: now), overdue: $0.isOverdue(at: now))
            })
        return renderer.render(.debriefs, model)
    }

    @Sendable func workspace(_ request: Request, context: WebContext) async throws -> Response {
        renderer.render(.debrief, try await workspaceModel(try id(context), for: context.user, csrf: context.csrf, zone: context.timeZone))
    }

    /// The workspace as `user` sees it: other people's perspectives only once submitted.
    func workspaceModel(_ debriefID: DebriefID, for user: Member, csrf: String?, zone: TimeZone = .gmt) async throws -> WorkspaceModel {
        let workspace = try await debriefs.workspace(debriefID, for: user)
        let proposals = try await debriefs.proposals(for: workspace.debrief.id, by: user).map {
            WorkspaceModel.Proposal(interactionId: $0.interactionID?.description ?? "", when: PageFormat.dateTime($0.occurredAt, in: zone), description: $0.description)
        }
        let debrief = workspace.debrief
        let now = clock()
        let perspectives = workspace.perspectives
        let members = workspace.members
        let names = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.name) })
        let timeline = workspace.timeline
        let lessons = workspace.lessons
        let actions = workspace.actions
        let id = debrief.id
        let model = WorkspaceModel(
            chrome: Chrome(title: debrief.title, user: user, csrf: csrf, section: "Debriefs"),
            title: debrief.title, status: debrief.status.rawValue,
            due: "\(PageFormat.dateTime(debrief.dueAt, in: zone)) (\(debrief.status == .completed ? "completed" : PageFormat.relative(debrief.dueAt, now: now)))",
            overdue: debrief.isOverdue(at: now), facilitator: names[debrief.facilitatorID] ?? "former member",
            participants: debrief.everyone.map { names[$0] ?? "former member" }.joined(separator: ", "),
            isParticipant: debrief.isParticipant(user.id),
            canFacilitate: debrief.canFacilitate(user),
            scheduled: debrief.status == .scheduled, completed: debrief.status == .completed,
            soakRevisit: debrief.soakRevisitAt.map { PageFormat.dateTime($0, in: zone) }, summary: debrief.summary ?? "",
            summaryFindings: findings(debrief.summary),
            hasDrafts: perspectives.contains { $0.authorID == user.id && !$0.isSubmitted },
            areas: DebriefArea.allCases.map { area in
                let mine = perspectives.first { $0.area == area && $0.authorID == user.id }
                return .init(
                    key: area.rawValue, title: area.title, prompts: area.prompts, myText: mine?.text ?? "", myFindings: findings(mine?.text),
                    views: perspectives.filter { $0.area == area && $0.isSubmitted }.map {
                        .init(author: names[$0.authorID] ?? "former member", text: $0.text, mine: $0.authorID == user.id, draft: false, findings: findings($0.text))
                    },
                    formPath: SiteURL.perspective(id, area).path)
            },
            timeline: timeline.map {
                .init(when: PageFormat.dateTime($0.occurredAt, in: zone), actor: $0.actor, description: $0.description, source: $0.source.rawValue, findings: findings($0.description))
            },
            proposals: proposals,
            lessons: lessons.map { .init(text: $0.text, tags: $0.tags.map { "#\($0)" }.joined(separator: " "), findings: findings($0.text)) },
            actions: actions.map {
                .init(
                    title: $0.title, owner: names[$0.ownerID] ?? "former member", due: PageFormat.calendarDay($0.dueDate), status: $0.status.rawValue,
                    overdue: $0.isOverdue(at: now), findings: findings($0.title))
            },
            members: members.filter(\.active).map { .init(id: $0.id.description, name: $0.name) },
            submitPath: SiteURL.debriefAction(id, .submitPerspectives).path, timelinePath: SiteURL.debriefAction(id, .debriefTimeline).path, zoneName: PageFormat.zoneName(zone, at: now),
            proposalsPath: SiteURL.debriefAction(id, .debriefProposals).path, lessonPath: SiteURL.debriefAction(id, .debriefLessons).path,
            actionPath: SiteURL.debriefAction(id, .debriefActions).path, startPath: SiteURL.debriefAction(id, .debriefStart).path,
            completePath: SiteURL.debriefAction(id, .debriefComplete).path, summaryPath: SiteURL.debriefAction(id, .debriefSummary).path,
            exportPath: SiteURL.debriefExport(id).path,
            lossReasons: workspace.lossReasons.map { ReasonOption(key: $0.key, label: $0.label, selected: $0.key == debrief.concludedLossReason) },
            crmLossReason: workspace.crmLossReason)
        return model
    }

    @Sendable func writePerspective(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        guard let raw = context.parameters.get("area"), let area = DebriefArea(rawValue: raw) else { throw DomainError.notFound("area") }
        let form = try await request.form(context)
        _ = try await debriefs.writePerspective(form["text"] ?? "", area: area, in: id, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#area-\(area.rawValue)")
    }

    @Sendable func submit(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        _ = try await debriefs.submitPerspectives(in: id, by: context.user)
        throw Redirect(to: .debrief(id))
    }

    @Sendable func addEntry(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let draft = Debriefs.TimelineDraft(
            occurredAt: form.text("occurredAt").flatMap { PageFormat.formDateTime($0, in: context.timeZone) }, actor: form["actor"] ?? "", description: form["description"] ?? "",
            source: form.text("source").flatMap(TimelineSource.init(rawValue:)))
        _ = try await debriefs.addTimelineEntry(draft, to: id, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#timeline")
    }

    @Sendable func acceptProposal(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let wanted = form.all("interactionId").compactMap { InteractionID($0) }
        _ = try await debriefs.acceptProposals(wanted, for: id, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#timeline")
    }

    @Sendable func addLesson(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let tags = (form["tags"] ?? "").split(separator: ",").map(String.init)
        _ = try await debriefs.addLesson(text: form["text"] ?? "", tags: tags, to: id, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#outcome")
    }

    @Sendable func addAction(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let draft = Debriefs.ActionDraft(
            title: form["title"] ?? "", ownerID: form.text("ownerId").flatMap { MemberID($0) }, dueDate: form.text("dueDate").flatMap(CalendarDay.parse))
        _ = try await debriefs.addActionItem(draft, to: id, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#outcome")
    }

    /// The outcome form: summary, parked ideas and, for a deal, the loss reason the team concluded.
    @Sendable func saveSummary(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let settings = Debriefs.Settings(
            summary: .some(form.text("summary")), parkedIdeas: form.has("parkedIdeas") ? .some(form.text("parkedIdeas")) : nil,
            concludedLossReason: form.has("concludedLossReason") ? .some(form.text("concludedLossReason")) : nil)
        _ = try await debriefs.update(id, settings, by: context.user)
        throw Redirect(path: SiteURL.debrief(id).path + "#outcome")
    }

    @Sendable func start(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await debriefs.start(try id(context), by: context.user)
        throw Redirect(to: .debrief(debrief.id))
    }

    @Sendable func complete(_ request: Request, context: WebContext) async throws -> Response {
        let debrief = try await debriefs.complete(try id(context), by: context.user)
        throw Redirect(to: .debrief(debrief.id))
    }

    private func id(_ context: WebContext) throws -> DebriefID {
        guard let raw = context.parameters.get("id"), let id = DebriefID(raw) else { throw DomainError.notFound("debrief") }
        return id
    }

    private func findings(_ text: String?) -> [Finding] {
        guard let text else { return [] }
        return coach.review(text).map { Finding(category: $0.category.rawValue, phrase: $0.phrase, message: $0.message, suggestion: $0.suggestion) }
    }
}
