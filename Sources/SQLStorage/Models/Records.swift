import Domain
import Foundation

// Plain rows for the hottest reads, decoded by SQLKit. Fluent models stay the way rows are written;
// these only read, and map to the same Domain types. The coding keys name the columns: SQLKit's
// snake-case key strategy converts every key of every row, which cost more than the query itself.

struct ReflectionRecord: Decodable {
    let id: UUID
    let teamId: UUID
    let interactionId: UUID
    let authorId: UUID
    let outcome: String
    let status: String
    let dueAt: Date
    let timeBoxMinutes: Int
    let deferredAt: Date?
    let sharedAt: Date?
    let startedAt: Date?
    let completedAt: Date?
    let skippedAt: Date?
    let whatWentWell: String?
    let whatToImprove: String?
    let wordingToChange: String?
    let preparation: String?
    let missingInformation: String?
    let createdAt: Date
    let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, outcome, status, preparation
        case teamId = "team_id", interactionId = "interaction_id", authorId = "author_id", dueAt = "due_at"
        case timeBoxMinutes = "time_box_minutes", deferredAt = "deferred_at", sharedAt = "shared_at", startedAt = "started_at"
        case completedAt = "completed_at", skippedAt = "skipped_at", whatWentWell = "what_went_well", whatToImprove = "what_to_improve"
        case wordingToChange = "wording_to_change", missingInformation = "missing_information", createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func domain(questions: [Question]) throws -> Reflection {
        Reflection(
            id: ReflectionID(id), teamID: TeamID(teamId), interactionID: InteractionID(interactionId), authorID: MemberID(authorId),
            outcome: try decode(Outcome.self, outcome), status: try decode(ReflectionStatus.self, status), dueAt: dueAt,
            timeBoxMinutes: timeBoxMinutes, deferredAt: deferredAt, sharedAt: sharedAt, startedAt: startedAt, completedAt: completedAt,
            skippedAt: skippedAt,
            notes: ReflectionNotes(
                whatWentWell: whatWentWell, whatToImprove: whatToImprove, wordingToChange: wordingToChange, preparation: preparation,
                missingInformation: missingInformation),
            questions: questions, createdAt: createdAt, updatedAt: updatedAt)
    }
}

struct QuestionRecord: Decodable {
    let id: UUID
    let teamId: UUID
    let reflectionId: UUID?
    let debriefId: UUID?
    let accountId: UUID?
    let inLibrary: Bool
    let askedById: UUID
    let text: String
    let topic: String?
    let status: String
    let answer: String?
    let answeredById: UUID?
    let closedAt: Date?
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, text, topic, status, answer
        case teamId = "team_id", reflectionId = "reflection_id", debriefId = "debrief_id", accountId = "account_id"
        case inLibrary = "in_library", askedById = "asked_by_id", answeredById = "answered_by_id", closedAt = "closed_at"
        case createdAt = "created_at"
    }

    func domain() throws -> Question {
        Question(
            id: QuestionID(id), teamID: TeamID(teamId), reflectionID: reflectionId.map { ReflectionID($0) },
            debriefID: debriefId.map { DebriefID($0) }, accountID: accountId.map { AccountID($0) }, inLibrary: inLibrary,
            askedByID: MemberID(askedById), text: text, topic: topic, status: try decode(QuestionStatus.self, status), answer: answer,
            answeredByID: answeredById.map { MemberID($0) }, closedAt: closedAt, createdAt: createdAt)
    }
}
