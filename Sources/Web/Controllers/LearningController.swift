import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// What debriefs leave behind: lessons, action items, the pulse, the Markdown export; and the coach.
struct LearningController {
    let debriefs: Debriefs
    let learning: any LearningRepository
    /// Read only for an action item's facilitator; every debrief rule is in `debriefs`.
    let debriefRepository: any DebriefRepository
    let coach: BlameCoach
    let clock: @Sendable () -> Date

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
        router.add(.addLesson, use: addLesson)
        router.add(.addActionItem, use: addAction)
        router.add(.answerPulse, use: answerPulse)
        router.add(.exportDebrief, use: export)
        router.add(.listLessons, use: lessons)
        router.add(.updateLesson, use: updateLesson)
        router.add(.listActionItems, use: actions)
        router.add(.updateActionItem, use: updateAction)
        router.add(.getTeamPulse, use: teamPulse)
        router.add(.reviewText, use: review)
    }

    @Sendable func addLesson(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<LessonResponse> {
        let id = try debriefID(context)
        let body = try await request.decodeJSON(as: LessonBody.self, context: context)
        let lesson = try await debriefs.addLesson(text: body.text, tags: body.tags, to: id, by: context.user)
        return EditedResponse(status: .created, response: LessonResponse(lesson, coach: coach))
    }

    private func debriefID(_ context: AuthenticatedContext) throws -> DebriefID {
        try context.parameters.id(as: DebriefID.self, what: "debrief")
    }

    @Sendable func lessons(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<LessonResponse> {
        let query = QueryParameters(request)
        let filter = LessonFilter(debriefID: try query.id("debriefId"), tag: try query.string("tag"), textContains: try query.string("q"))
        let page = try await learning.lessons(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { LessonResponse($0, coach: coach) }
    }

    @Sendable func updateLesson(_ request: Request, context: AuthenticatedContext) async throws -> LessonResponse {
        let id = try context.parameters.id(as: LessonID.self, what: "lesson")
        guard var lesson = try await learning.lesson(id, in: context.team) else { throw DomainError.notFound("lesson") }
        guard lesson.authorID == context.user.id || context.user.canManage else {
            throw DomainError.forbidden("Only the lesson's author, a manager or an admin can edit it.")
        }
        let patch = try await request.decodePatch(as: LessonBody.self, context: context)
        if patch.has("text") { lesson.text = patch.value.text ?? "" }
        if patch.has("tags") { lesson.tags = patch.value.tags ?? [] }
        lesson.updatedAt = clock()
        try lesson.validate()
        try await learning.updateLesson(lesson)
        return LessonResponse(lesson, coach: coach)
    }

    @Sendable func addAction(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<ActionItemResponse> {
        let id = try debriefID(context)
        let body = try await request.decodeJSON(as: ActionBody.self, context: context)
        let draft = Debriefs.ActionDraft(title: body.title, ownerID: body.ownerId, dueDate: try body.dueDate.map(day))
        let item = try await debriefs.addActionItem(draft, to: id, by: context.user)
        return EditedResponse(status: .created, response: ActionItemResponse(item, now: clock(), coach: coach))
    }

    @Sendable func actions(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<ActionItemResponse> {
        let query = QueryParameters(request)
        let owner: MemberID? = try query.bool("mine") == true ? context.user.id : try query.id("ownerId")
        let filter = ActionFilter(debriefID: try query.id("debriefId"), ownerID: owner, status: try query.value("status", as: ActionStatus.self))
        let page = try await learning.actionItems(in: context.team, filter: filter, page: try query.page())
        let now = clock()
        return ListResponse(page) { ActionItemResponse($0, now: now, coach: coach) }
    }

    @Sendable func updateAction(_ request: Request, context: AuthenticatedContext) async throws -> ActionItemResponse {
        let id = try context.parameters.id(as: ActionItemID.self, what: "action item")
        guard var item = try await learning.actionItem(id, in: context.team) else { throw DomainError.notFound("action item") }
        let facilitator: MemberID? = try await item.debriefID.asyncMap { try await debriefRepository.debrief($0, in: context.team)?.facilitatorID } ?? nil
        guard item.canEdit(context.user, facilitatorID: facilitator) else {
            throw DomainError.forbidden("Only the action item's owner, its creator, the debrief's facilitator, managers and admins can change it.")
        }
        let patch = try await request.decodePatch(as: ActionBody.self, context: context)
        let now = clock()
        if patch.has("title") { item.title = patch.value.title ?? "" }
        if let owner = patch.value.ownerId {
            try await debriefs.checkOwner(owner, of: context.team)
            item.ownerID = owner
        }
        if let due = patch.value.dueDate { item.dueDate = try day(due) }
        if let status = patch.value.status { item.setStatus(status, at: now) }
        item.updatedAt = now
        try item.validate()
        try await learning.updateActionItem(item)
        return ActionItemResponse(item, now: now, coach: coach)
    }

    @Sendable func answerPulse(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<PulseReport> {
        let id = try debriefID(context)
        let body = try await request.decodeJSON(as: PulseBody.self, context: context)
        let summary = try await debriefs.answerPulse(
            learnedSomething: body.learnedSomething, wouldAttendAgain: body.wouldAttendAgain, for: id, by: context.user)
        return EditedResponse(status: .created, response: PulseReport.aggregate(summary))
    }

    @Sendable func teamPulse(_ request: Request, context: AuthenticatedContext) async throws -> PulseReport {
        PulseReport.aggregate(try await learning.pulseSummary(in: context.team, debrief: nil))
    }

    /// The completed debrief as Markdown. Unsubmitted perspectives never appear: the repository does not return them to anyone but their author, and the export drops every draft.
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (debrief, markdown) = try await debriefs.markdown(of: try debriefID(context), for: context.user, zone: context.timeZone)
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
        guard let date = CalendarDay.parse(raw) else { throw DomainError.invalid("dueDate", "must be a date like 2026-12-15") }
        return date
    }
}
