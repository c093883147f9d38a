import Foundation

// Following up a failure: the brief, the account's story, experts and search (see Replies.swift).

/// `Brief`: the brief for the next meeting after the account's latest failure, as the caller may see it.
public struct BriefReply: Decodable, Sendable {
    /// `BriefFailure`.
    public struct Failure: Decodable, Sendable {
        public let interactionId: String?
        public let dealId: String?
        public let occurredAt: String
        public let kind: String
        public let repId: String?
        public let repName: String?
        public let summary: String?
        public let lostReason: String?
    }

    /// `BriefQuestions`.
    public struct Questions: Decodable, Sendable {
        public let answered: [QuestionReply]
        public let stillOpen: [QuestionReply]
    }

    /// `BriefPreparationItem`: a point from the rep's reflection.
    public struct Preparation: Decodable, Sendable {
        public let kind: String
        public let text: String
    }

    public let account: AccountReply
    public let failure: Failure
    public let openers: [String]
    public let questions: Questions
    public let bringAlong: [ExpertReply]
    public let preparation: [Preparation]
    public let lessons: [LessonReply]
}

/// `Expert`: a colleague worth bringing along, and why.
public struct ExpertReply: Decodable, Sendable {
    public let memberId: String
    public let name: String
    public let email: String
    public let role: String
    public let topics: [String]
    public let reason: String
}

/// `AccountHistory`: the account's failures, their debriefs and follow-ups, and how they ended.
public struct AccountHistoryReply: Decodable, Sendable {
    /// `FailureStory`.
    public struct Failure: Decodable, Sendable {
        public let interactionId: String?
        public let dealId: String?
        public let occurredAt: String
        public let what: String
        public let debriefId: String?
        public let debriefStatus: String?
        public let followUps: [InteractionReply]
        public let recovery: String?
    }

    public let account: AccountReply
    public let recovery: String
    public let failures: [Failure]
    public let interactions: [InteractionReply]
    public let deals: [DealReply]
}

/// `SearchResult`; the snippet is HTML-escaped with each match in `<mark>`.
public struct SearchResultReply: Decodable, Sendable {
    public let kind: String
    public let id: String
    public let title: String
    public let snippet: String
    public let accountId: String?
    public let debriefId: String?
}
