import Domain
import Foundation

struct QuestionRow: TableRow {
    static let table = "questions"

    var id: UUID
    var teamID: UUID
    var reflectionID: UUID?
    var debriefID: UUID?
    var accountID: UUID?
    var inLibrary: Bool
    var askedByID: UUID
    var text: String
    var topic: String?
    var status: String
    var answer: String?
    var answeredByID: UUID?
    var closedAt: Date?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, text, topic, status, answer
        case teamID = "team_id", reflectionID = "reflection_id", debriefID = "debrief_id", accountID = "account_id"
        case inLibrary = "in_library", askedByID = "asked_by_id", answeredByID = "answered_by_id", closedAt = "closed_at"
        case createdAt = "created_at"
    }

    init(_ q: Question) {
        id = q.id.rawValue
        teamID = q.teamID.rawValue
        reflectionID = q.reflectionID?.rawValue
        debriefID = q.debriefID?.rawValue
        accountID = q.accountID?.rawValue
        inLibrary = q.inLibrary
        askedByID = q.askedByID.rawValue
        text = q.text
        topic = q.topic
        status = q.status.rawValue
        answer = q.answer
        answeredByID = q.answeredByID?.rawValue
        closedAt = q.closedAt
        createdAt = q.createdAt
    }

    func domain() throws -> Question {
        Question(
            id: QuestionID(id), teamID: TeamID(teamID), reflectionID: reflectionID.map { ReflectionID($0) },
            debriefID: debriefID.map { DebriefID($0) }, accountID: accountID.map { AccountID($0) }, inLibrary: inLibrary,
            askedByID: MemberID(askedByID), text: text, topic: topic, status: try decode(QuestionStatus.self, status), answer: answer,
            answeredByID: answeredByID.map { MemberID($0) }, closedAt: closedAt, createdAt: createdAt)
    }
}
