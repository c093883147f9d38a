import Domain
import FluentKit
import Foundation
import Storage

final class ReflectionModel: Model, @unchecked Sendable {
    static let schema = "reflections"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "interaction_id") var interactionID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "outcome") var outcome: String
    @Field(key: "status") var status: String
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "time_box_minutes") var timeBoxMinutes: Int
    @OptionalField(key: "deferred_at") var deferredAt: Date?
    @OptionalField(key: "shared_at") var sharedAt: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "skipped_at") var skippedAt: Date?
    @OptionalField(key: "what_went_well") var whatWentWell: String?
    @OptionalField(key: "what_to_improve") var whatToImprove: String?
    @OptionalField(key: "wording_to_change") var wordingToChange: String?
    @OptionalField(key: "preparation") var preparation: String?
    @OptionalField(key: "missing_information") var missingInformation: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ reflection: Reflection) {
        id = reflection.id.rawValue
        teamID = reflection.teamID.rawValue
        interactionID = reflection.interactionID.rawValue
        authorID = reflection.authorID.rawValue
        createdAt = reflection.createdAt
        apply(reflection)
    }

    func apply(_ r: Reflection) {
        outcome = r.outcome.rawValue
        status = r.status.rawValue
        dueAt = r.dueAt
        timeBoxMinutes = r.timeBoxMinutes
        deferredAt = r.deferredAt
        sharedAt = r.sharedAt
        startedAt = r.startedAt
        completedAt = r.completedAt
        skippedAt = r.skippedAt
        whatWentWell = r.notes.whatWentWell
        whatToImprove = r.notes.whatToImprove
        wordingToChange = r.notes.wordingToChange
        preparation = r.notes.preparation
        missingInformation = r.notes.missingInformation
        updatedAt = r.updatedAt
    }
}

final class ReflectionRevisionModel: Model, @unchecked Sendable {
    static let schema = "reflection_revisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "reflection_id") var reflectionID: UUID
    @Field(key: "edited_by") var editedBy: UUID
    @Field(key: "edited_at") var editedAt: Date
    @OptionalField(key: "what_went_well") var whatWentWell: String?
    @OptionalField(key: "what_to_improve") var whatToImprove: String?
    @OptionalField(key: "wording_to_change") var wordingToChange: String?
    @OptionalField(key: "preparation") var preparation: String?
    @OptionalField(key: "missing_information") var missingInformation: String?

    init() {}

    init(_ revision: ReflectionRevision) {
        id = UUID()
        reflectionID = revision.reflectionID.rawValue
        editedBy = revision.editedBy.rawValue
        editedAt = revision.editedAt
        whatWentWell = revision.notes.whatWentWell
        whatToImprove = revision.notes.whatToImprove
        wordingToChange = revision.notes.wordingToChange
        preparation = revision.notes.preparation
        missingInformation = revision.notes.missingInformation
    }

    var domain: ReflectionRevision {
        ReflectionRevision(
            reflectionID: ReflectionID(reflectionID), editedBy: MemberID(editedBy), editedAt: editedAt,
            notes: ReflectionNotes(
                whatWentWell: whatWentWell, whatToImprove: whatToImprove, wordingToChange: wordingToChange,
                preparation: preparation, missingInformation: missingInformation))
    }
}

final class QuestionModel: Model, @unchecked Sendable {
    static let schema = "questions"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @OptionalField(key: "reflection_id") var reflectionID: UUID?
    @OptionalField(key: "debrief_id") var debriefID: UUID?
    @OptionalField(key: "account_id") var accountID: UUID?
    @Field(key: "in_library") var inLibrary: Bool
    @Field(key: "asked_by_id") var askedByID: UUID
    @Field(key: "text") var text: String
    @OptionalField(key: "topic") var topic: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_by_id") var answeredByID: UUID?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ q: Question) {
        id = q.id.rawValue
        teamID = q.teamID.rawValue
        reflectionID = q.reflectionID?.rawValue
        debriefID = q.debriefID?.rawValue
        accountID = q.accountID?.rawValue
        askedByID = q.askedByID.rawValue
        createdAt = q.createdAt
        apply(q)
    }

    func apply(_ q: Question) {
        text = q.text
        topic = q.topic
        inLibrary = q.inLibrary
        status = q.status.rawValue
        answer = q.answer
        answeredByID = q.answeredByID?.rawValue
        closedAt = q.closedAt
    }

    func domain() throws -> Question {
        Question(
            id: QuestionID(id!), teamID: TeamID(teamID), reflectionID: reflectionID.map { ReflectionID($0) },
            debriefID: debriefID.map { DebriefID($0) }, accountID: accountID.map { AccountID($0) }, inLibrary: inLibrary,
            askedByID: MemberID(askedByID), text: text, topic: topic,
            status: try decode(QuestionStatus.self, status), answer: answer, answeredByID: answeredByID.map { MemberID($0) },
            closedAt: closedAt, createdAt: createdAt)
    }
}
