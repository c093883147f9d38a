import Domain
import Foundation

public struct DebriefFilter: Sendable, Equatable {
    public var status: DebriefStatus?
    /// Only debriefs this member takes part in (as facilitator or participant).
    public var participant: MemberID?
    /// Only debriefs not completed and due before this moment.
    public var overdueAt: Date?
    public var accountID: AccountID?
    /// Only debriefs not completed yet.
    public var openOnly: Bool

    public init(
        status: DebriefStatus? = nil, participant: MemberID? = nil, overdueAt: Date? = nil, accountID: AccountID? = nil, openOnly: Bool = false
    ) {
        self.openOnly = openOnly
        self.status = status
        self.participant = participant
        self.overdueAt = overdueAt
        self.accountID = accountID
    }
}

/// Debriefs with their perspectives and merged timeline.
public protocol DebriefRepository: Sendable {
    /// Throws `DomainError.conflict` when the failure event already has a debrief.
    func createDebrief(_ debrief: Debrief) async throws
    func debrief(_ id: DebriefID, in team: TeamID) async throws -> Debrief?
    func debrief(for event: FailureEvent, in team: TeamID) async throws -> Debrief?
    /// Soonest due first.
    func debriefs(in team: TeamID, filter: DebriefFilter, page: Paging) async throws -> ListPage<Debrief>
    func updateDebrief(_ debrief: Debrief) async throws

    func perspective(of author: MemberID, area: DebriefArea, in debrief: DebriefID) async throws -> Perspective?
    /// Submitted perspectives and the viewer's own drafts; never anyone else's drafts.
    func perspectives(of debrief: DebriefID, visibleTo viewer: MemberID) async throws -> [Perspective]
    func savePerspective(_ perspective: Perspective) async throws
    /// Submits all of the author's drafts in the debrief at once.
    func submitPerspectives(of author: MemberID, in debrief: DebriefID, at: Date) async throws -> Int

    func addTimelineEntries(_ entries: [TimelineEntry]) async throws
    func timelineEntry(_ id: TimelineEntryID, in team: TeamID) async throws -> TimelineEntry?
    /// Ordered by time.
    func timeline(of debrief: DebriefID) async throws -> [TimelineEntry]
    /// Saves the edit and keeps the previous version.
    func updateTimelineEntry(_ entry: TimelineEntry, revision: TimelineRevision) async throws
    func timelineRevisions(of entry: TimelineEntryID) async throws -> [TimelineRevision]
}

public struct LessonFilter: Sendable, Equatable {
    public var debriefID: DebriefID?
    /// Lessons from any debrief about this account.
    public var accountID: AccountID?
    public var tag: String?
    public var textContains: String?
    public init(debriefID: DebriefID? = nil, accountID: AccountID? = nil, tag: String? = nil, textContains: String? = nil) {
        self.debriefID = debriefID
        self.accountID = accountID
        self.tag = tag
        self.textContains = textContains
    }
}

public struct ActionFilter: Sendable, Equatable {
    public var debriefID: DebriefID?
    public var ownerID: MemberID?
    public var status: ActionStatus?
    public init(debriefID: DebriefID? = nil, ownerID: MemberID? = nil, status: ActionStatus? = nil) {
        self.debriefID = debriefID
        self.ownerID = ownerID
        self.status = status
    }
}

/// What debriefs produce: lessons, action items and the pulse.
public protocol LearningRepository: Sendable {
    func addLesson(_ lesson: Lesson) async throws
    func lesson(_ id: LessonID, in team: TeamID) async throws -> Lesson?
    /// Several at once, keyed by id; ids of another team's lessons are simply not in the result.
    func lessons(_ ids: [LessonID], in team: TeamID) async throws -> [LessonID: Lesson]
    func updateLesson(_ lesson: Lesson) async throws
    /// Newest first.
    func lessons(in team: TeamID, filter: LessonFilter, page: Paging) async throws -> ListPage<Lesson>

    func addActionItem(_ item: ActionItem) async throws
    func actionItem(_ id: ActionItemID, in team: TeamID) async throws -> ActionItem?
    func updateActionItem(_ item: ActionItem) async throws
    /// Soonest due first.
    func actionItems(in team: TeamID, filter: ActionFilter, page: Paging) async throws -> ListPage<ActionItem>

    /// Throws `DomainError.conflict` when the member already answered for this debrief.
    func recordPulse(_ response: PulseResponse) async throws
    /// Aggregate over one debrief, or over the whole team when `debrief` is nil.
    func pulseSummary(in team: TeamID, debrief: DebriefID?) async throws -> PulseSummary
}
