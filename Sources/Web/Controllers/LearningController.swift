import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// What debriefs leave behind: lessons, action items, the pulse, the Markdown export; and the coach.
struct LearningController {
    let repositories: Repositories
    let clock: @Sendable () -> Date
    let coach = BlameCoach()

    struct LessonBody: Decodable {
        let text: String?
        let tags: [String]?
    }

    struct ActionBody: Decodable {
        let title: String?
        let ownerId: MemberID?
        let dueDate: String?
        let status: ActionStatus?
    }

    struct PulseBody: Decodable {
        let learnedSomething: Bool
        let wouldAttendAgain: Bool
    }

    struct CoachRequest: Decodable {
        let text: String
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("debriefs/:id/lessons", use: addLesson)
        router.post("debriefs/:id/actions", use: addAction)
        router.post("debriefs/:id/pulse", use: answerPulse)
        router.get("debriefs/:id/export.md", use: export)
        router.get("lessons", use: lessons)
        router.patch("lessons/:id", use: updateLesson)
        router.get("actions", use: actions)
        router.patch("actions/:id", use: updateAction)
        router.get("pulse", use: teamPulse)
        router.post("coach", use: review)
    }

    private var debriefs: DebriefController { DebriefController(repositories: repositories, clock: clock) }

    @Sendable func addLesson(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<LessonResponse> {
        let debrief = try await debriefs.debrief(context)
        try debriefs.requireContributor(debrief, context)
        let body = try await request.decodeJSON(as: LessonBody.self, context: context)
        var lesson = Lesson(
            teamID: context.team, debriefID: debrief.id, text: body.text ?? "", tags: body.tags ?? [], authorID: context.user.id, createdAt: clock())
        try lesson.validate()
        try await repositories.learning.addLesson(lesson)
        return EditedResponse(status: .created, response: LessonResponse(lesson, coach: coach))
    }

    @Sendable func lessons(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<LessonResponse> {
        let query = QueryParameters(request)
        let filter = LessonFilter(debriefID: try query.id("debriefId"), tag: try query.string("tag"), textContains: try query.string("q"))
        let page = try await repositories.learning.lessons(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { LessonResponse($0, coach: coach) }
    }

    @Sendable func updateLesson(_ request: Request, context: AuthenticatedContext) async throws -> LessonResponse {
        let id = try context.parameters.id(as: LessonID.self, what: "lesson")
        guard var lesson = try await repositories.learning.lesson(id, in: context.team) else { throw Problem.notFound("lesson") }
        guard lesson.authorID == context.user.id || context.user.canManage else {
            throw Problem.forbidden("Only the lesson's author, a manager or an admin can edit it.")
        }
        let patch = try await request.decodePatch(as: LessonBody.self, context: context)
        if patch.has("text") { lesson.text = patch.value.text ?? "" }
        if patch.has("tags") { lesson.tags = patch.value.tags ?? [] }
        lesson.updatedAt = clock()
        try lesson.validate()
        try await repositories.learning.updateLesson(lesson)
        return LessonResponse(lesson, coach: coach)
    }

    @Sendable func addAction(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<ActionItemResponse> {
        let debrief = try await debriefs.debrief(context)
        try debriefs.requireContributor(debrief, context)
        let body = try await request.decodeJSON(as: ActionBody.self, context: context)
        var v = Validator()
        v.check(body.title != nil, "title", "is required")
        v.check(body.ownerId != nil, "ownerId", "is required: every action item has an owner")
        v.check(body.dueDate != nil, "dueDate", "is required, e.g. 2026-12-15")
        try v.throwIfInvalid()
        let now = clock()
        var item = ActionItem(
            teamID: context.team, debriefID: debrief.id, title: body.title!, ownerID: body.ownerId!,
            dueDate: try day(body.dueDate!), createdByID: context.user.id, createdAt: now)
        try await checkOwner(item.ownerID, context)
        try item.validate()
        try await repositories.learning.addActionItem(item)
        return EditedResponse(status: .created, response: ActionItemResponse(item, now: now, coach: coach))
    }

    @Sendable func actions(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<ActionItemResponse> {
        let query = QueryParameters(request)
        let owner: MemberID? = try query.bool("mine") == true ? context.user.id : try query.id("ownerId")
        let filter = ActionFilter(debriefID: try query.id("debriefId"), ownerID: owner, status: try query.value("status", as: ActionStatus.self))
        let page = try await repositories.learning.actionItems(in: context.team, filter: filter, page: try query.page())
        let now = clock()
        return ListResponse(page) { ActionItemResponse($0, now: now, coach: coach) }
    }

    @Sendable func updateAction(_ request: Request, context: AuthenticatedContext) async throws -> ActionItemResponse {
        let id = try context.parameters.id(as: ActionItemID.self, what: "action item")
        guard var item = try await repositories.learning.actionItem(id, in: context.team) else { throw Problem.notFound("action item") }
        let facilitator: MemberID? = try await item.debriefID.asyncMap { try await repositories.debriefs.debrief($0, in: context.team)?.facilitatorID } ?? nil
        guard item.canEdit(context.user, facilitatorID: facilitator) else {
            throw Problem.forbidden("Only the action item's owner, its creator, the debrief's facilitator, managers and admins can change it.")
        }
        let patch = try await request.decodePatch(as: ActionBody.self, context: context)
        let now = clock()
        if patch.has("title") { item.title = patch.value.title ?? "" }
        if let owner = patch.value.ownerId {
            try await checkOwner(owner, context)
            item.ownerID = owner
        }
        if let due = patch.value.dueDate { item.dueDate = try day(due) }
        if let status = patch.value.status { item.setStatus(status, at: now) }
        item.updatedAt = now
        try item.validate()
        try await repositories.learning.updateActionItem(item)
        return ActionItemResponse(item, now: now, coach: coach)
    }

    @Sendable func answerPulse(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<PulseReport> {
        let debrief = try await debriefs.debrief(context)
        guard debrief.isParticipant(context.user.id) else { throw Problem.forbidden("Only the debrief's participants answer its pulse.") }
        guard debrief.status == .completed else { throw Problem.conflict("The pulse opens once the debrief is completed.") }
        let body = try await request.decodeJSON(as: PulseBody.self, context: context)
        try await repositories.learning.recordPulse(
            PulseResponse(
                debriefID: debrief.id, memberID: context.user.id, learnedSomething: body.learnedSomething,
                wouldAttendAgain: body.wouldAttendAgain, createdAt: clock()))
        let summary = try await repositories.learning.pulseSummary(in: context.team, debrief: debrief.id)
        return EditedResponse(status: .created, response: PulseReport.aggregate(summary))
    }

    @Sendable func teamPulse(_ request: Request, context: AuthenticatedContext) async throws -> PulseReport {
        PulseReport.aggregate(try await repositories.learning.pulseSummary(in: context.team, debrief: nil))
    }

    /// The completed debrief as Markdown. Unsubmitted perspectives never appear: the repository does not return them to anyone but their author, and the export drops every draft.
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let debrief = try await debriefs.debrief(context)
        guard debrief.status == .completed else { throw Problem.conflict("Only a completed debrief can be exported.") }
        let members = try await repositories.members.members(in: context.team)
        let account = try await debrief.accountID.asyncMap { try await repositories.accounts.account($0, in: context.team) } ?? nil
        let markdown = DebriefMarkdown(
            debrief: debrief, accountName: account?.name, names: Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.name) }),
            timeline: try await repositories.debriefs.timeline(of: debrief.id),
            perspectives: try await repositories.debriefs.perspectives(of: debrief.id, visibleTo: context.user.id).filter(\.isSubmitted),
            lessons: try await repositories.learning.lessons(in: context.team, filter: LessonFilter(debriefID: debrief.id), page: Paging(limit: Paging.maximumLimit)).items,
            actions: try await repositories.learning.actionItems(in: context.team, filter: ActionFilter(debriefID: debrief.id), page: Paging(limit: Paging.maximumLimit)).items,
            pulse: try await repositories.learning.pulseSummary(in: context.team, debrief: debrief.id)
        ).render()
        return Response(
            status: .ok,
            headers: [.contentType: "text/markdown; charset=utf-8", .contentDisposition: "attachment; filename=\"debrief-\(debrief.id).md\""],
            body: .init(byteBuffer: ByteBuffer(string: markdown)))
    }

    /// `POST /api/v1/coach {"text"}` → `{"findings": [...]}`. A coach, not a censor: nothing is blocked.
    @Sendable func review(_ request: Request, context: AuthenticatedContext) async throws -> CoachResponse {
        let body = try await request.decodeJSON(as: CoachRequest.self, context: context)
        return CoachResponse(findings: coach.review(body.text))
    }

    private func day(_ raw: String) throws -> Date {
        guard let date = CalendarDay.parse(raw) else { throw Problem.invalid("dueDate", "must be a date like 2026-12-15") }
        return date
    }

    private func checkOwner(_ owner: MemberID, _ context: AuthenticatedContext) async throws {
        guard try await repositories.members.member(owner, in: context.team) != nil else {
            throw Problem.invalid("ownerId", "no member with this id in your team")
        }
    }
}
