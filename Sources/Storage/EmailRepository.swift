import Domain
import Foundation

/// The email outbox, each member's email preferences, and the reads that find what to nudge about.
public protocol EmailRepository: Sendable {
    /// Queues the messages whose key is new to their team; returns how many were. Two servers queueing
    /// the same key at once store it once.
    func enqueueEmails(_ emails: [OutboundEmail]) async throws -> Int
    /// The keys among these the team's outbox already holds.
    func queuedEmailKeys(_ keys: [String], in team: TeamID) async throws -> Set<String>
    /// Pending messages whose next attempt is due, oldest first.
    func dueEmails(at now: Date, limit: Int) async throws -> [OutboundEmail]
    /// Takes a message for one attempt (see `WebhookRepository.claim`); true when this caller has it.
    func claimEmail(_ email: OutboundEmail, at now: Date, leaseUntil: Date) async throws -> Bool
    /// Writes an attempt's result. A message that was sent or will not be keeps no body: the log holds
    /// who, what kind and when, never the words.
    func saveEmail(_ email: OutboundEmail) async throws
    /// The team's outbox, newest first.
    func emails(in team: TeamID, status: OutboundEmailStatus?, page: Paging) async throws -> ListPage<OutboundEmail>

    func emailPreferences(of member: MemberID) async throws -> EmailPreferences
    func setEmailPreferences(_ preferences: EmailPreferences, of member: MemberID, in team: TeamID) async throws
    /// Turns off the kind of the message the one-click token came with; returns that message, or nil
    /// for a token no message has.
    func unsubscribe(tokenHash: String, at now: Date) async throws -> OutboundEmail?

    /// The last invitation (or cancellation) each member received for each of these debriefs.
    func latestInvitations(to debriefs: [DebriefID], in team: TeamID) async throws -> [OutboundEmail]
    /// Debriefs with an invitation whose meeting is still ahead: those whose time may have changed or
    /// been cleared since.
    func debriefsWithInvitations(in team: TeamID, meetingAfter: Date) async throws -> [DebriefID]

    func pendingReflections(in team: TeamID, dueAfter: Date, through: Date) async throws -> [ReflectionNudge]
    func answeredQuestions(in team: TeamID, closedAfter: Date) async throws -> [Question]
    func openActionItems(in team: TeamID, dueFrom: Date, through: Date) async throws -> [ActionItem]
    /// Debriefs not completed whose meeting is in `(after, through]`.
    func scheduledDebriefs(in team: TeamID, after: Date, through: Date) async throws -> [DebriefID]
    /// The members of the debrief who have submitted a perspective.
    func perspectiveAuthors(of debrief: DebriefID) async throws -> Set<MemberID>
}

/// A pending reflection and what a reminder says about it (the author's own call).
public struct ReflectionNudge: Sendable, Equatable {
    public let reflectionID: ReflectionID
    public let authorID: MemberID
    public let outcome: Outcome
    public let dueAt: Date
    public let interactionKind: InteractionKind
    public let interactionAt: Date
    public let account: String

    public init(
        reflectionID: ReflectionID, authorID: MemberID, outcome: Outcome, dueAt: Date, interactionKind: InteractionKind,
        interactionAt: Date, account: String
    ) {
        self.reflectionID = reflectionID
        self.authorID = authorID
        self.outcome = outcome
        self.dueAt = dueAt
        self.interactionKind = interactionKind
        self.interactionAt = interactionAt
        self.account = account
    }
}

/// The next follow-up meeting of each account (at most one per account).
public protocol FollowUpMeetingRepository: Sendable {
    /// Replaces the account's meeting, if it had one.
    func setMeeting(_ meeting: FollowUpMeeting) async throws
    /// False when the account had none.
    func removeMeeting(of account: AccountID, in team: TeamID) async throws -> Bool
    func meeting(of account: AccountID, in team: TeamID) async throws -> FollowUpMeeting?
    /// The team's meetings starting in `(after, through]`.
    func meetings(in team: TeamID, startingAfter after: Date, through: Date) async throws -> [FollowUpMeeting]
}
