import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The question library: every unanswered customer question, team-wide, until it is answered or
/// explicitly dropped; answered ones become the answer library and are offered when a similar
/// question comes up again.
struct QuestionController {
    let repositories: Repositories
    let clock: @Sendable () -> Date

    struct CreateBody: Decodable {
        let text: String
        let topic: String?
        let accountId: AccountID?
        let inLibrary: Bool?
    }

    struct Patch: Decodable {
        let text: String?
        let topic: String?
        let status: QuestionStatus?
        let answer: String?
        let inLibrary: Bool?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.get("questions", use: list)
        router.post("questions", use: create)
        router.get("questions/similar", use: similar)
        router.get("questions/:id", use: get)
        router.patch("questions/:id", use: update)
        router.post("debriefs/:id/questions", use: addToDebrief)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<QuestionResponse> {
        let query = QueryParameters(request)
        let filter = QuestionFilter(
            status: try query.value("status", as: QuestionStatus.self), topic: try query.string("topic"), accountID: try query.id("accountId"))
        let page = try await repositories.questions.questions(in: context.team, visibleTo: context.user.id, filter: filter, page: try query.page())
        return ListResponse(page) { QuestionResponse($0) }
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        if let account = body.accountId, try await repositories.accounts.account(account, in: context.team) == nil {
            throw Problem.invalid("accountId", "no account with this id in your team")
        }
        let (text, topic) = try Question.validated(text: body.text, topic: body.topic)
        let question = Question(
            teamID: context.team, reflectionID: nil, accountID: body.accountId, inLibrary: body.inLibrary ?? true, askedByID: context.user.id,
            text: text, topic: topic, createdAt: clock())
        return try await store(question, context)
    }

    @Sendable func addToDebrief(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let debrief = try await DebriefController(repositories: repositories, clock: clock).debrief(context)
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let (text, topic) = try Question.validated(text: body.text, topic: body.topic)
        let question = Question(
            teamID: context.team, reflectionID: nil, debriefID: debrief.id, accountID: debrief.accountID, inLibrary: true,
            askedByID: context.user.id, text: text, topic: topic, createdAt: clock())
        return try await store(question, context)
    }

    func store(_ question: Question, _ context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        try await repositories.questions.addQuestion(question)
        let suggestions = await answersAfterCommit(similarTo: question, context)
        return EditedResponse(status: .created, response: QuestionCreatedResponse(question: QuestionResponse(question), suggestedAnswers: suggestions))
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> QuestionDetailResponse {
        let question = try await visibleQuestion(context)
        let suggestions = question.status == .answered ? [] : try await answers(similarTo: question.text, excluding: question.id, context)
        return QuestionDetailResponse(question: QuestionResponse(question), suggestedAnswers: suggestions)
    }

    /// `GET /questions/similar?text=…`: answers the library already has, before a question is even logged.
    @Sendable func similar(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<SuggestedAnswer> {
        guard let text = try QueryParameters(request).string("text") else {
            throw Problem(
                .badRequest, type: "urn:rebound:problem:invalid-query", title: "Invalid query parameter", detail: "text: is required",
                errors: [FieldError("text", "is required")])
        }
        return ListResponse(items: try await answers(similarTo: text, excluding: nil, context), nextOffset: nil)
    }

    /// Anyone in the team may answer, drop, reopen or reword a library question.
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> QuestionResponse {
        var question = try await visibleQuestion(context)
        let patch = try await request.decodePatch(as: Patch.self, context: context)
        let now = clock()
        if patch.has("text") || patch.has("topic") {
            let validated = try Question.validated(
                text: patch.value.text ?? question.text, topic: patch.has("topic") ? patch.value.topic : question.topic)
            question.text = validated.text
            question.topic = validated.topic
        }
        if let inLibrary = patch.value.inLibrary {
            guard question.askedByID == context.user.id else { throw Problem.forbidden("Only the member who logged a question decides whether it is in the library.") }
            question.inLibrary = inLibrary
        }
        switch patch.value.status {
        case .answered?:
            guard let answer = patch.value.answer else { throw Problem.invalid("answer", "is required to mark a question answered") }
            try question.answer(answer, by: context.user.id, at: now)
        case .dropped?: try question.drop(at: now)
        case .open?: question.reopen()
        case nil:
            if let answer = patch.value.answer { try question.answer(answer, by: context.user.id, at: now) }
        }
        try await repositories.questions.updateQuestion(question)
        return QuestionResponse(question)
    }

    private func visibleQuestion(_ context: AuthenticatedContext) async throws -> Question {
        let id = try context.parameters.id(as: QuestionID.self, what: "question")
        guard let question = try await repositories.questions.question(id, in: context.team, visibleTo: context.user.id) else {
            throw Problem.notFound("question")
        }
        return question
    }

    /// Suggestions for a question just stored. The question is committed, so a failing lookup must not
    /// turn the reply into an error (the client would retry and store it twice): it is logged and the
    /// reply carries no suggestions.
    func answersAfterCommit(similarTo question: Question, _ context: AuthenticatedContext) async -> [SuggestedAnswer] {
        do {
            return try await answers(similarTo: question.text, excluding: question.id, context)
        } catch {
            context.logger.error("similar answers lookup failed after a question was stored", metadata: ["error": "\(String(reflecting: error))"])
            return []
        }
    }

    /// Answered questions whose wording is close to `text`, best first.
    func answers(similarTo text: String, excluding: QuestionID?, _ context: AuthenticatedContext) async throws -> [SuggestedAnswer] {
        let hits = try await repositories.search.search(
            SearchQuery(team: context.team, viewer: context.user.id, text: text, kinds: [.question], mode: .any, limit: 10))
        var result: [SuggestedAnswer] = []
        for hit in hits where hit.refID != excluding?.rawValue {
            guard let question = try await repositories.questions.question(QuestionID(hit.refID), in: context.team, visibleTo: context.user.id),
                question.status == .answered, let answer = question.answer
            else { continue }
            result.append(SuggestedAnswer(questionId: question.id, question: question.text, topic: question.topic, answer: answer))
            if result.count == 3 { break }
        }
        return result
    }
}

struct SuggestedAnswer: ResponseEncodable {
    let questionId: QuestionID
    let question: String
    let topic: String?
    let answer: String
}

struct QuestionCreatedResponse: ResponseEncodable {
    let question: QuestionResponse
    /// Answers the library already has for similar questions.
    let suggestedAnswers: [SuggestedAnswer]
}

struct QuestionDetailResponse: ResponseEncodable {
    let question: QuestionResponse
    let suggestedAnswers: [SuggestedAnswer]
}
