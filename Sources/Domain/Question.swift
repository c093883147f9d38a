import Foundation

public enum QuestionStatus: String, ClosedSet {
    case open, answered, dropped
}

/// A question a customer asked that went unanswered. It ends answered or explicitly dropped.
public struct Question: Equatable, Sendable {
    public let id: QuestionID
    public let teamID: TeamID
    public let reflectionID: ReflectionID?
    public let debriefID: DebriefID?
    public let accountID: AccountID?
    /// In the team's question library, so any colleague can answer it. A rep may keep a question to
    /// themself instead; it then stays as private as the reflection it came from.
    public var inLibrary: Bool
    public let askedByID: MemberID
    public var text: String
    public var topic: String?
    public private(set) var status: QuestionStatus
    public private(set) var answer: String?
    public private(set) var answeredByID: MemberID?
    public private(set) var closedAt: Date?
    public let createdAt: Date

    public init(
        id: QuestionID = QuestionID(), teamID: TeamID, reflectionID: ReflectionID?, debriefID: DebriefID? = nil,
        accountID: AccountID?, inLibrary: Bool = true, askedByID: MemberID, text: String, topic: String?, status: QuestionStatus = .open, answer: String? = nil,
        answeredByID: MemberID? = nil, closedAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.teamID = teamID
        self.reflectionID = reflectionID
        self.debriefID = debriefID
        self.accountID = accountID
        self.inLibrary = inLibrary
        self.askedByID = askedByID
        self.text = text
        self.topic = topic
        self.status = status
        self.answer = answer
        self.answeredByID = answeredByID
        self.closedAt = closedAt
        self.createdAt = createdAt
    }

    /// Checks the text and topic a person typed; topics are lowercased like expertise topics.
    public static func validated(text: String, topic: String?) throws -> (text: String, topic: String?) {
        var v = Validator()
        let text = v.requiredText(text, "text", maxLength: 2000)
        let topic = v.optionalText(topic, "topic", maxLength: 60)?.lowercased()
        try v.throwIfInvalid()
        return (text, topic)
    }

    public mutating func answer(_ text: String, by member: MemberID, at now: Date) throws {
        var v = Validator()
        let answerText = v.requiredText(text, "answer", maxLength: 10_000)
        try v.throwIfInvalid()
        answer = answerText
        answeredByID = member
        status = .answered
        closedAt = now
    }

    public mutating func drop(at now: Date) throws {
        guard status == .open else { throw DomainError.conflict("Only an open question can be dropped.") }
        status = .dropped
        closedAt = now
    }

    /// Library questions are the team's; a private one only its asker's.
    public func isVisible(to member: MemberID) -> Bool { inLibrary || askedByID == member }

    public mutating func reopen() {
        status = .open
        answer = nil
        answeredByID = nil
        closedAt = nil
    }
}
