import Foundation

/// A lesson the team takes away: searchable text with tags.
public struct Lesson: Equatable, Sendable {
    public let id: LessonID
    public let teamID: TeamID
    public let debriefID: DebriefID?
    public var text: String
    public var tags: [String]
    public let authorID: MemberID
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: LessonID = LessonID(), teamID: TeamID, debriefID: DebriefID?, text: String, tags: [String], authorID: MemberID,
        createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.debriefID = debriefID
        self.text = text
        self.tags = tags
        self.authorID = authorID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public mutating func validate() throws {
        var v = Validator()
        text = v.requiredText(text, "text", maxLength: 5_000)
        tags = MemberRules.topics(tags, field: "tags", into: &v)
        try v.throwIfInvalid()
    }
}

public enum ActionStatus: String, ClosedSet {
    case open, done, dropped
}

/// Something the team will do differently. Every action item has an owner and a due date.
public struct ActionItem: Equatable, Sendable {
    public let id: ActionItemID
    public let teamID: TeamID
    public let debriefID: DebriefID?
    public var title: String
    public var ownerID: MemberID
    public var dueDate: Date
    public private(set) var status: ActionStatus
    public private(set) var closedAt: Date?
    public let createdByID: MemberID
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: ActionItemID = ActionItemID(), teamID: TeamID, debriefID: DebriefID?, title: String, ownerID: MemberID, dueDate: Date,
        status: ActionStatus = .open, closedAt: Date? = nil, createdByID: MemberID, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.debriefID = debriefID
        self.title = title
        self.ownerID = ownerID
        self.dueDate = dueDate
        self.status = status
        self.closedAt = closedAt
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Who may edit, reassign or close an action item: its owner, whoever created it, the facilitator
    /// of its debrief, managers and admins. Anyone else on the team sees it but cannot change it.
    public func canEdit(_ member: Member, facilitatorID: MemberID?) -> Bool {
        member.id == ownerID || member.id == createdByID || member.id == facilitatorID || member.canManage
    }

    public mutating func validate() throws {
        var v = Validator()
        title = v.requiredText(title, "title", maxLength: 500)
        try v.throwIfInvalid()
    }

    public mutating func setStatus(_ newStatus: ActionStatus, at now: Date) {
        status = newStatus
        closedAt = newStatus == .open ? nil : now
        updatedAt = now
    }

    public func isOverdue(at now: Date) -> Bool { status == .open && now > dueDate.addingTimeInterval(24 * 3600) }
}

/// One participant's answer to the two-question pulse after a debrief. Stored per person only to
/// stop double answers; it is only ever reported in aggregate.
public struct PulseResponse: Equatable, Sendable {
    public let debriefID: DebriefID
    public let memberID: MemberID
    public let learnedSomething: Bool
    public let wouldAttendAgain: Bool
    public let createdAt: Date

    public init(debriefID: DebriefID, memberID: MemberID, learnedSomething: Bool, wouldAttendAgain: Bool, createdAt: Date) {
        self.debriefID = debriefID
        self.memberID = memberID
        self.learnedSomething = learnedSomething
        self.wouldAttendAgain = wouldAttendAgain
        self.createdAt = createdAt
    }
}

public struct PulseSummary: Equatable, Sendable, Codable {
    /// Below this many answers the pulse is shown nowhere (page, API, export): with two answers, one
    /// participant can work out the other's.
    public static let minimumForReport = 3

    public let responses: Int
    public let learnedSomething: Int
    public let wouldAttendAgain: Int

    public init(responses: Int, learnedSomething: Int, wouldAttendAgain: Int) {
        self.responses = responses
        self.learnedSomething = learnedSomething
        self.wouldAttendAgain = wouldAttendAgain
    }

    /// Whether enough people answered for the counts to be anonymous.
    public var isReportable: Bool { responses >= Self.minimumForReport }
}
