import Foundation

// A debrief and what the team writes in it (see Replies.swift).

/// `Debrief`.
public struct DebriefReply: Decodable, Sendable {
    /// `FieldCoaching`: the coach's findings on one text field.
    public struct FieldCoaching: Decodable, Sendable {
        public let field: String
        public let findings: [CoachFindingReply]
    }

    public let id: String
    public let title: String
    public let dealId: String?
    public let interactionId: String?
    public let accountId: String?
    public let eventAt: String
    public let dueAt: String
    public let overdue: Bool
    public let facilitatorId: String
    public let participantIds: [String]
    public let status: String
    public let scheduledFor: String?
    public let startedAt: String?
    public let completedAt: String?
    public let summary: String?
    public let parkedIdeas: String?
    public let soakRevisitAt: String?
    public let revisitedAt: String?
    public let createdAt: String
    public let updatedAt: String
    public let coach: [FieldCoaching]
    public let concludedLossReason: String?
}

/// `DebriefWorkspace`: everything about one debrief that the caller may see.
public struct WorkspaceReply: Decodable, Sendable {
    /// `DebriefAreaView`: one area with the perspectives visible to the caller.
    public struct Area: Decodable, Sendable {
        public let area: String
        public let title: String
        public let prompts: [String]
        public let perspectives: [PerspectiveReply]
    }

    public let debrief: DebriefReply
    public let areas: [Area]
    public let timeline: [TimelineEntryReply]
    public let lessons: [LessonReply]
    public let actions: [ActionItemReply]
    public let pulse: PulseReply
}

/// `Perspective`: one participant's view of one area.
public struct PerspectiveReply: Decodable, Sendable {
    public let id: String
    public let authorId: String
    public let area: String
    public let text: String
    public let submitted: Bool
    public let submittedAt: String?
    public let updatedAt: String
    public let coach: [CoachFindingReply]
}

/// `PerspectivesSubmitted`.
public struct SubmittedReply: Decodable, Sendable {
    public let submitted: Int
}

/// `TimelineEntry`.
public struct TimelineEntryReply: Decodable, Sendable {
    public let id: String
    public let occurredAt: String
    public let actor: String
    public let description: String
    public let source: String
    public let interactionId: String?
    public let createdById: String
    public let createdAt: String
    public let updatedAt: String
    public let coach: [CoachFindingReply]
}

/// `TimelineRevision`: a timeline entry as it was before an edit.
public struct TimelineRevisionReply: Decodable, Sendable {
    public let editedById: String
    public let editedAt: String
    public let occurredAt: String
    public let actor: String
    public let description: String
    public let source: String
}

/// `Lesson`.
public struct LessonReply: Decodable, Sendable {
    public let id: String
    public let debriefId: String?
    public let text: String
    public let tags: [String]
    public let authorId: String
    public let createdAt: String
    public let updatedAt: String
    public let coach: [CoachFindingReply]
}

/// `ActionItem`.
public struct ActionItemReply: Decodable, Sendable {
    public let id: String
    public let debriefId: String?
    public let title: String
    public let ownerId: String
    public let dueDate: String
    public let status: String
    public let overdue: Bool
    public let closedAt: String?
    public let createdById: String
    public let createdAt: String
    public let updatedAt: String
    public let coach: [CoachFindingReply]
}

/// `PulseReport`: the pulse in aggregate. The counts are absent until enough people answered; a test
/// of that reads the raw JSON, since nil here cannot tell a missing count from a null one.
public struct PulseReply: Decodable, Sendable {
    public let responses: Int
    public let learnedSomething: Int?
    public let wouldAttendAgain: Int?
    public let minimumForReport: Int
}
