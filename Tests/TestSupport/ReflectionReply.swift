import Foundation

// Interactions, the reflections they owe and the questions asked in them (see Replies.swift).

/// `Interaction`.
public struct InteractionReply: Decodable, Sendable {
    public let id: String
    public let accountId: String
    public let dealId: String?
    public let repId: String
    public let kind: String
    public let occurredAt: String
    public let participants: [String]
    public let outcome: String
    public let summary: String?
    public let followUpOfInteractionId: String?
    public let followUpOfDealId: String?
    public let recovery: String?
    public let reflectionId: String?
    public let createdAt: String
    public let updatedAt: String
}

/// `InteractionCreated`: the logged interaction and the reflection it owes its rep.
public struct LoggedReply: Decodable, Sendable {
    /// `ReflectionSummary`.
    public struct Reflection: Decodable, Sendable {
        public let id: String
        public let dueAt: String
        public let timeBoxMinutes: Int
    }

    public let interaction: InteractionReply
    public let reflection: Reflection
}

/// `ReflectionNotes`: one optional answer per reflection prompt (`ReflectionPrompt`, as in ReflectionReply).
public struct ReflectionNotesReply: Decodable, Sendable {
    public let whatWentWell: String?
    public let whatToImprove: String?
    public let wordingToChange: String?
    public let preparation: String?
    public let missingInformation: String?
}

/// `Reflection`, with one field per reflection prompt beside the others, as the API sends them.
public struct ReflectionReply: Decodable, Sendable {
    public let id: String
    public let interactionId: String
    public let authorId: String
    public let outcome: String
    public let status: String
    public let dueAt: String
    public let overdue: Bool
    public let timeBoxMinutes: Int
    public let deferred: Bool
    public let deferredAt: String?
    public let shared: Bool
    public let sharedAt: String?
    public let startedAt: String?
    public let completedAt: String?
    public let skippedAt: String?
    public let timeSpentSeconds: Int?
    public let questions: [QuestionReply]
    public let createdAt: String
    public let updatedAt: String
    // The answers (`ReflectionNotes`), absent when unanswered: one per `ReflectionPrompt`. A prompt
    // added there decodes without a change here; add its field when a test reads it.
    public let whatWentWell: String?
    public let whatToImprove: String?
    public let wordingToChange: String?
    public let preparation: String?
    public let missingInformation: String?
}

/// `Revision`: the notes as they were before an edit.
public struct RevisionReply: Decodable, Sendable {
    public let editedById: String
    public let editedAt: String
    public let previous: ReflectionNotesReply
}

/// `Question`. It never names the reflection it came from (that may be private): a test that checks
/// so reads the raw JSON, since a type without the field could not tell.
public struct QuestionReply: Decodable, Sendable {
    public let id: String
    public let debriefId: String?
    public let accountId: String?
    public let inLibrary: Bool
    public let askedById: String
    public let text: String
    public let topic: String?
    public let status: String
    public let answer: String?
    public let answeredById: String?
    public let closedAt: String?
    public let createdAt: String
}

/// `SuggestedAnswer`: an answered library question worded like the one at hand.
public struct SuggestedAnswerReply: Decodable, Sendable {
    public let questionId: String
    public let question: String
    public let topic: String?
    public let answer: String
}

/// `QuestionCreated` (and `QuestionDetail`, the same shape).
public struct QuestionCreatedReply: Decodable, Sendable {
    public let question: QuestionReply
    public let suggestedAnswers: [SuggestedAnswerReply]
}
