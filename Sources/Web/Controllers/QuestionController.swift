import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The question library: every unanswered customer question, team-wide, until it is answered or
/// explicitly dropped; answered ones become the answer library and are offered when a similar
/// question comes up again.
struct QuestionController {
    let questions: Questions

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
        router.add(.listQuestions, use: list)
        router.add(.createQuestion, use: create)
        router.add(.listSimilarAnswers, use: similar)
        router.add(.getQuestion, use: get)
        router.add(.updateQuestion, use: update)
        router.add(.addDebriefQuestion, use: addToDebrief)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<QuestionResponse> {
        let query = QueryParameters(request)
        let filter = QuestionFilter(
            status: try query.value("status", as: QuestionStatus.self), topic: try query.string("topic"), accountID: try query.id("accountId"))
        return ListResponse(try await questions.list(for: context.user, filter: filter, page: try query.page())) { QuestionResponse($0) }
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let asked = try await questions.ask(body.text, topic: body.topic, account: body.accountId, inLibrary: body.inLibrary ?? true, by: context.user)
        return EditedResponse(status: .created, response: QuestionCreatedResponse(asked))
    }

    @Sendable func addToDebrief(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<QuestionCreatedResponse> {
        let id = try context.parameters.id(as: DebriefID.self, what: "debrief")
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let asked = try await questions.ask(body.text, topic: body.topic, inDebrief: id, by: context.user)
        return EditedResponse(status: .created, response: QuestionCreatedResponse(asked))
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> QuestionDetailResponse {
        let question = try await questions.question(try id(context), for: context.user)
        let similar = question.status == .answered ? [] : try await questions.similarAnswers(to: question.text, excluding: question.id, for: context.user)
        return QuestionDetailResponse(question: QuestionResponse(question), suggestedAnswers: similar.map(SuggestedAnswer.init))
    }

    /// `GET /questions/similar?text=…`: answers the library already has, before a question is even logged.
    @Sendable func similar(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<SuggestedAnswer> {
        guard let text = try QueryParameters(request).string("text") else {
            throw Problem.invalidQuery("text", "is required")
        }
        return ListResponse(items: try await questions.similarAnswers(to: text, for: context.user).map(SuggestedAnswer.init), nextOffset: nil)
    }

    /// Anyone in the team may answer, drop, reopen or reword a library question.
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> QuestionResponse {
        let id = try id(context)
        let patch = try await request.decodePatch(as: Patch.self, context: context)
        let changes = Questions.Changes(
            text: patch.value.text, topic: patch.field("topic", patch.value.topic), status: patch.value.status, answer: patch.value.answer,
            inLibrary: patch.value.inLibrary)
        return QuestionResponse(try await questions.update(id, changes, by: context.user))
    }

    private func id(_ context: AuthenticatedContext) throws -> QuestionID {
        try context.parameters.id(as: QuestionID.self, what: "question")
    }
}

struct SuggestedAnswer: ResponseEncodable {
    let questionId: QuestionID
    let question: String
    let topic: String?
    let answer: String

    init(_ similar: Questions.SimilarAnswer) {
        questionId = similar.questionID
        question = similar.question
        topic = similar.topic
        answer = similar.answer
    }
}

struct QuestionCreatedResponse: ResponseEncodable {
    let question: QuestionResponse
    /// Answers the library already has for similar questions.
    let suggestedAnswers: [SuggestedAnswer]

    init(_ asked: (question: Question, similar: [Questions.SimilarAnswer])) {
        question = QuestionResponse(asked.question)
        suggestedAnswers = asked.similar.map(SuggestedAnswer.init)
    }
}

struct QuestionDetailResponse: ResponseEncodable {
    let question: QuestionResponse
    let suggestedAnswers: [SuggestedAnswer]
}
