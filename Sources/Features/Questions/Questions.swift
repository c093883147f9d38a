import Domain
import Foundation
import Logging
import Storage

/// The question library: every unanswered customer question, team-wide, until it is answered or
/// dropped; answered ones are offered again when a similar question comes up. A question its author
/// kept out of the library is theirs alone.
public struct Questions: Sendable {
    let repositories: Repositories
    let clock: @Sendable () -> Date
    let logger: Logger

    public init(repositories: Repositories, clock: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "rebound.questions")) {
        self.repositories = repositories
        self.clock = clock
        self.logger = logger
    }

    /// An answer the library already has, for a question worded like another.
    public struct SimilarAnswer: Sendable, Equatable {
        public let questionID: QuestionID
        public let question: String
        public let topic: String?
        public let answer: String
    }

    /// What may change on a question. For the optional texts, nil means "leave as it is" and
    /// `.some(nil)` means "clear".
    public struct Changes: Sendable {
        public var text: String?
        public var topic: String??
        public var status: QuestionStatus?
        public var answer: String?
        public var inLibrary: Bool?

        public init(text: String? = nil, topic: String?? = nil, status: QuestionStatus? = nil, answer: String? = nil, inLibrary: Bool? = nil) {
            self.text = text
            self.topic = topic
            self.status = status
            self.answer = answer
            self.inLibrary = inLibrary
        }
    }

    public func list(for user: Member, filter: QuestionFilter, page: Paging) async throws -> ListPage<Question> {
        try await repositories.questions.questions(in: user.teamID, visibleTo: user.id, filter: filter, page: page)
    }

    public func question(_ id: QuestionID, for user: Member) async throws -> Question {
        guard let question = try await repositories.questions.question(id, in: user.teamID, visibleTo: user.id) else {
            throw DomainError.notFound("question")
        }
        return question
    }

    /// Logs a question about an account (or none); returns it with answers to similar questions.
    public func ask(
        _ text: String, topic: String?, account: AccountID?, inLibrary: Bool, by user: Member
    ) async throws -> (question: Question, similar: [SimilarAnswer]) {
        if let account, try await repositories.accounts.account(account, in: user.teamID) == nil {
            throw DomainError.invalid("accountId", "no account with this id in your team")
        }
        let (text, topic) = try Question.validated(text: text, topic: topic)
        return try await store(
            Question(
                teamID: user.teamID, reflectionID: nil, accountID: account, inLibrary: inLibrary, askedByID: user.id, text: text, topic: topic,
                createdAt: clock()), by: user)
    }

    /// A question raised in a debrief: always in the library, about the debrief's account.
    public func ask(_ text: String, topic: String?, inDebrief id: DebriefID, by user: Member) async throws -> (question: Question, similar: [SimilarAnswer]) {
        guard let debrief = try await repositories.debriefs.debrief(id, in: user.teamID) else { throw DomainError.notFound("debrief") }
        let (text, topic) = try Question.validated(text: text, topic: topic)
        return try await store(
            Question(
                teamID: user.teamID, reflectionID: nil, debriefID: debrief.id, accountID: debrief.accountID, inLibrary: true, askedByID: user.id,
                text: text, topic: topic, createdAt: clock()), by: user)
    }

    private func store(_ question: Question, by user: Member) async throws -> (question: Question, similar: [SimilarAnswer]) {
        try await repositories.questions.addQuestion(question)
        return (question, await similarAnswersAfterCommit(to: question, for: user))
    }

    /// Anyone in the team may answer, drop, reopen or reword a library question; only its author
    /// moves it in or out of the library.
    public func update(_ id: QuestionID, _ changes: Changes, by user: Member) async throws -> Question {
        var question = try await question(id, for: user)
        let now = clock()
        if changes.text != nil || changes.topic != nil {
            let validated = try Question.validated(text: changes.text ?? question.text, topic: changes.topic ?? question.topic)
            question.text = validated.text
            question.topic = validated.topic
        }
        if let inLibrary = changes.inLibrary {
            guard question.askedByID == user.id else {
                throw DomainError.forbidden("Only the member who logged a question decides whether it is in the library.")
            }
            question.inLibrary = inLibrary
        }
        switch changes.status {
        case .answered?:
            guard let answer = changes.answer else { throw DomainError.invalid("answer", "is required to mark a question answered") }
            try question.answer(answer, by: user.id, at: now)
        case .dropped?: try question.drop(at: now)
        case .open?: question.reopen()
        case nil:
            if let answer = changes.answer { try question.answer(answer, by: user.id, at: now) }
        }
        try await repositories.questions.updateQuestion(question)
        return question
    }

    /// Answered questions whose wording is close to `text`, best first, at most three.
    public func similarAnswers(to text: String, excluding: QuestionID? = nil, for user: Member) async throws -> [SimilarAnswer] {
        try await repositories.questions.answeredQuestions(similarTo: text, in: user.teamID, visibleTo: user.id, excluding: excluding, limit: 3)
            .compactMap { question in
                question.answer.map { SimilarAnswer(questionID: question.id, question: question.text, topic: question.topic, answer: $0) }
            }
    }

    /// Suggestions for a question just stored. The question is committed, so a failing lookup must not
    /// turn the reply into an error (the client would retry and store it twice): it is logged and the
    /// reply carries no suggestions.
    public func similarAnswersAfterCommit(to question: Question, for user: Member) async -> [SimilarAnswer] {
        do {
            return try await similarAnswers(to: question.text, excluding: question.id, for: user)
        } catch {
            logger.error("similar answers lookup failed after a question was stored", metadata: ["error": "\(String(reflecting: error))"])
            return []
        }
    }
}
