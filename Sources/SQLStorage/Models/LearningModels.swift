import Domain
import FluentKit
import Foundation

final class LessonModel: Model, @unchecked Sendable {
    static let schema = "lessons"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @OptionalField(key: "debrief_id") var debriefID: UUID?
    @Field(key: "text") var text: String
    @Field(key: "tags") var tags: [String]
    /// The tags as "|pricing|security|", so one LIKE finds a tag on both databases.
    @Field(key: "tag_index") var tagIndex: String
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ l: Lesson) {
        id = l.id.rawValue
        teamID = l.teamID.rawValue
        debriefID = l.debriefID?.rawValue
        authorID = l.authorID.rawValue
        createdAt = l.createdAt
        apply(l)
    }

    func apply(_ l: Lesson) {
        text = l.text
        tags = l.tags
        tagIndex = "|" + l.tags.joined(separator: "|") + "|"
        updatedAt = l.updatedAt
    }

    var domain: Lesson {
        Lesson(
            id: LessonID(id!), teamID: TeamID(teamID), debriefID: debriefID.map { DebriefID($0) }, text: text, tags: tags,
            authorID: MemberID(authorID), createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class ActionItemModel: Model, @unchecked Sendable {
    static let schema = "action_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @OptionalField(key: "debrief_id") var debriefID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_date") var dueDate: Date
    @Field(key: "status") var status: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ a: ActionItem) {
        id = a.id.rawValue
        teamID = a.teamID.rawValue
        debriefID = a.debriefID?.rawValue
        createdByID = a.createdByID.rawValue
        createdAt = a.createdAt
        apply(a)
    }

    func apply(_ a: ActionItem) {
        title = a.title
        ownerID = a.ownerID.rawValue
        dueDate = a.dueDate
        status = a.status.rawValue
        closedAt = a.closedAt
        updatedAt = a.updatedAt
    }

    func domain() throws -> ActionItem {
        ActionItem(
            id: ActionItemID(id!), teamID: TeamID(teamID), debriefID: debriefID.map { DebriefID($0) }, title: title,
            ownerID: MemberID(ownerID), dueDate: dueDate, status: try decode(ActionStatus.self, status), closedAt: closedAt,
            createdByID: MemberID(createdByID), createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class PulseResponseModel: Model, @unchecked Sendable {
    static let schema = "pulse_responses"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "debrief_id") var debriefID: UUID
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "learned_something") var learnedSomething: Bool
    @Field(key: "would_attend_again") var wouldAttendAgain: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ p: PulseResponse, team: TeamID) {
        id = UUID()
        teamID = team.rawValue
        debriefID = p.debriefID.rawValue
        memberID = p.memberID.rawValue
        learnedSomething = p.learnedSomething
        wouldAttendAgain = p.wouldAttendAgain
        createdAt = p.createdAt
    }
}
