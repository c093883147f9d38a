import Domain
import Foundation
import Hummingbird
import Storage

/// The rep's queue and the reflection itself. A private reflection answers 404 to everyone but
/// its author, in every route, exactly as if it did not exist.
struct ReflectionController {
    let repositories: Repositories
    let clock: @Sendable () -> Date

    struct NotesPatch: Decodable {
        let whatWentWell: String?
        let whatToImprove: String?
        let wordingToChange: String?
        let preparation: String?
        let missingInformation: String?
    }

    struct QuestionBody: Decodable {
        let text: String
        let topic: String?
        /// Defaults to true: the question goes to the team's library so a colleague can answer it.
        let inLibrary: Bool?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.get("reflections", use: list)
        router.get("reflections/:id", use: get)
        router.patch("reflections/:id", use: edit)
        router.delete("reflections/:id", use: skip)
        router.get("reflections/:id/history", use: history)
        router.post("reflections/:id/start", use: start)
        router.post("reflections/:id/complete", use: complete)
        router.post("reflections/:id/defer", use: coolOff)
        router.post("reflections/:id/skip", use: skip)
        router.post("reflections/:id/share", use: share)
        router.post("reflections/:id/unshare", use: unshare)
        router.post("reflections/:id/questions", use: addQuestion)
    }

    /// `status=pending` is the rep's queue: only their own, soonest due first, overdue ones marked.
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<ReflectionResponse> {
        let query = QueryParameters(request)
        let status: ReflectionListStatus
        if let raw = query.string("status") {
            guard let parsed = ReflectionListStatus(rawValue: raw) else {
                throw Problem(
                    .badRequest, type: "urn:rebound:problem:invalid-query", title: "Invalid query parameter",
                    detail: "status: must be one of: pending, completed, skipped, all",
                    errors: [FieldError("status", "must be one of: pending, completed, skipped, all")])
            }
            status = parsed
        } else {
            status = .all
        }
        let mineOnly = status == .pending ? true : (try query.bool("mine") ?? false)
        let page = try await repositories.reflections.reflections(
            visibleTo: context.user.id, in: context.team, status: status, mineOnly: mineOnly, page: try query.page())
        let now = clock()
        return ListResponse(page) { ReflectionResponse($0, now: now) }
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        ReflectionResponse(try await visible(context), now: clock())
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        var reflection = try await own(context)
        let patch = try await request.decodePatch(as: NotesPatch.self, context: context)
        let before = reflection.notes
        var notes = before
        if patch.has("whatWentWell") { notes.whatWentWell = patch.value.whatWentWell }
        if patch.has("whatToImprove") { notes.whatToImprove = patch.value.whatToImprove }
        if patch.has("wordingToChange") { notes.wordingToChange = patch.value.wordingToChange }
        if patch.has("preparation") { notes.preparation = patch.value.preparation }
        if patch.has("missingInformation") { notes.missingInformation = patch.value.missingInformation }
        let now = clock()
        try reflection.edit(notes, at: now)
        // Edits keep their history: what was written before is kept, not overwritten.
        let revision = (before.isEmpty || before == reflection.notes)
            ? nil : ReflectionRevision(reflectionID: reflection.id, editedBy: context.user.id, editedAt: now, notes: before)
        try await repositories.reflections.updateReflection(reflection, revision: revision)
        return ReflectionResponse(reflection, now: now)
    }

    @Sendable func history(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<RevisionResponse> {
        let reflection = try await own(context)
        let revisions = try await repositories.reflections.revisions(of: reflection.id)
        return ListResponse(
            items: revisions.map { RevisionResponse(editedById: $0.editedBy, editedAt: $0.editedAt, previous: $0.notes) }, nextOffset: nil)
    }

    @Sendable func start(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        try await change(context) { reflection, now, _ in reflection.start(at: now) }
    }

    @Sendable func complete(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        try await change(context) { reflection, now, _ in try reflection.complete(at: now) }
    }

    @Sendable func coolOff(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        guard let team = try await repositories.teams.team(context.team) else { throw Problem.notFound("team") }
        return try await change(context) { reflection, now, _ in try reflection.coolOff(policy: team.reviewPolicy, at: now) }
    }

    @Sendable func skip(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        try await change(context) { reflection, now, _ in try reflection.skip(at: now) }
    }

    @Sendable func share(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        try await change(context) { reflection, now, _ in reflection.share(at: now) }
    }

    @Sendable func unshare(_ request: Request, context: AuthenticatedContext) async throws -> ReflectionResponse {
        try await change(context) { reflection, now, _ in reflection.unshare(at: now) }
    }

    /// A customer question that went unanswered. It goes to the team's question library (unless
    /// `inLibrary` is false); the reflection's own notes stay private. Existing answers to similar
    /// questions come back with it.
    @Sendable func addQuestion(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let reflection = try await own(context)
        let body = try await request.decodeJSON(as: QuestionBody.self, context: context)
        let (text, topic) = try Question.validated(text: body.text, topic: body.topic)
        let interaction = try await repositories.interactions.interaction(reflection.interactionID, in: context.team)
        let question = Question(
            teamID: context.team, reflectionID: reflection.id, accountID: interaction?.accountID, inLibrary: body.inLibrary ?? true,
            askedByID: context.user.id, text: text, topic: topic, createdAt: clock())
        return try await QuestionController(repositories: repositories, clock: clock).store(question, context)
    }

    private func change(
        _ context: AuthenticatedContext, _ apply: (inout Reflection, Date, Member) throws -> Void
    ) async throws -> ReflectionResponse {
        var reflection = try await own(context)
        let now = clock()
        try apply(&reflection, now, context.user)
        try await repositories.reflections.updateReflection(reflection, revision: nil)
        return ReflectionResponse(reflection, now: now)
    }

    private func visible(_ context: AuthenticatedContext) async throws -> Reflection {
        let id = try context.parameters.id(as: ReflectionID.self, what: "reflection")
        guard let reflection = try await repositories.reflections.reflection(id, in: context.team),
            ReflectionAccess.canView(reflection, as: context.user)
        else { throw Problem.notFound("reflection") }
        return reflection
    }

    /// Only the author changes a reflection. A teammate who can see a shared one gets 403; anyone else 404.
    private func own(_ context: AuthenticatedContext) async throws -> Reflection {
        let reflection = try await visible(context)
        guard ReflectionAccess.canEdit(reflection, as: context.user) else {
            throw Problem.forbidden("Only the author can change a reflection.")
        }
        return reflection
    }
}
