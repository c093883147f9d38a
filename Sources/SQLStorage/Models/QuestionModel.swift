import Domain
import FluentKit
import Foundation
import Storage

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
