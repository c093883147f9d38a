import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The rep's queue and the reflection itself. A private reflection answers 404 to everyone but
/// its author, in every route, exactly as if it did not exist.
struct ReflectionController {
    let service: ReflectionService
    let reflections: any ReflectionRepository
    let questions: Questions
    let clock: @Sendable () -> Date

    struct QuestionBody: Decodable {
        let text: String
        let topic: String?
        /// Defaults to true: the question goes to the team's library so a colleague can answer it.
        let inLibrary: Bool?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.listReflections, use: list)
        router.add(.getReflection, use: get)
        router.add(.updateReflection, use: edit)
        router.add(.deleteReflection, use: skip)
        router.add(.getReflectionHistory, use: history)
        router.add(.startReflection, use: start)
        router.add(.completeReflection, use: complete)
        router.add(.deferReflection, use: coolOff)
        router.add(.skipReflection, use: skip)
        router.add(.shareReflection, use: share)
        router.add(.unshareReflection, use: unshare)
        router.add(.addReflectionQuestion, use: addQuestion)
    }

    /// `status=pending` is the rep's queue: only their own, soonest due first, overdue ones marked.
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<ReflectionResponse> {
        let query = QueryParameters(request)
        let status: ReflectionListStatus
        if let raw = try query.string("status") {
            guard let parsed = ReflectionListStatus(rawValue: raw) else {
                throw Problem.invalidQuery("status", "must be one of: pending, completed, skipped, all")
            }
            status = parsed
        } else {
            status = .all
        }
        let mineOnly = status == .pending ? true : (try query.bool("mine") ?? false)
        let page = try await reflections.reflections(
            visibleTo: context.user.id, in: context.team, status: status, mineOnly: mineOnly, page: try query.page())
        let now = clock()
        return ListResponse(page) { ReflectionResponse($0, now: now) }
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        ReflectionResponse(try await service.visible(try id(context), to: context.user), now: clock())
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        let id = try id(context)
        // Only the prompts sent change; null clears an answer.
        let patch = try await request.decodePatch(as: ReflectionNotes.self, context: context)
        let reflection = try await service.edit(id, notes: { notes in
            for prompt in ReflectionPrompt.allCases where patch.has(prompt.rawValue) { notes[prompt] = patch.value[prompt] }
        }, by: context.user, now: clock())
        return ReflectionResponse(reflection, now: clock())
    }

    @Sendable func history(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<RevisionResponse> {
        let reflection = try await service.own(try id(context), by: context.user)
        let revisions = try await reflections.revisions(of: reflection.id)
        return ListResponse(
            items: revisions.map { RevisionResponse(editedById: $0.editedBy, editedAt: $0.editedAt, previous: $0.notes) }, nextOffset: nil)
    }

    @Sendable func start(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.start, context) }
    @Sendable func complete(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.complete, context) }
    @Sendable func coolOff(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.coolOff, context) }
    @Sendable func skip(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.skip, context) }
    @Sendable func share(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.share, context) }
    @Sendable func unshare(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse { try await perform(.unshare, context) }

    /// A customer question that went unanswered. It goes to the team's question library (unless
    /// `inLibrary` is false); the reflection's own notes stay private. Existing answers to similar
    /// questions come back with it.
    @Sendable func addQuestion(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let id = try id(context)
        let body = try await request.decodeJSON(as: QuestionBody.self, context: context)
        let question = try await service.addQuestion(
            to: id, text: body.text, topic: body.topic, inLibrary: body.inLibrary ?? true, by: context.user, now: clock())
        let similar = await questions.similarAnswersAfterCommit(to: question, for: context.user)
        return EditedResponse(status: .created, response: QuestionCreatedResponse((question, similar)))
    }

    private func id(_ context: AuthenticatedContext) throws -> ReflectionID {
        try context.parameters.id(as: ReflectionID.self, what: "reflection")
    }

    private func perform(_ action: ReflectionService.Action, _ context: AuthenticatedContext) async throws -> ReflectionResponse {
        ReflectionResponse(try await service.perform(action, on: try id(context), by: context.user, now: clock()), now: clock())
    }
}
