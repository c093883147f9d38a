import Foundation

public enum ReflectionStatus: String, ClosedSet {
    case pending, completed, skipped
}

/// A rep's short, time-boxed look back at one interaction (seed 002).
/// Private to its author until the author shares it.
public struct Reflection: Equatable, Sendable {
    public let id: ReflectionID
    public let teamID: TeamID
    public let interactionID: InteractionID
    public let authorID: MemberID
    /// The interaction's outcome, kept here because it decides the time box and whether skipping is allowed.
    public private(set) var outcome: Outcome
    public private(set) var status: ReflectionStatus
    public private(set) var dueAt: Date
    public private(set) var timeBoxMinutes: Int
    /// Set once the rep chose to cool off; a reflection can be deferred only once.
    public private(set) var deferredAt: Date?
    public private(set) var sharedAt: Date?
    public private(set) var startedAt: Date?
    public private(set) var completedAt: Date?
    public private(set) var skippedAt: Date?
    public var notes: ReflectionNotes
    public var questions: [Question]
    public let createdAt: Date
    public private(set) var updatedAt: Date

    public init(
        id: ReflectionID = ReflectionID(), teamID: TeamID, interactionID: InteractionID, authorID: MemberID,
        outcome: Outcome, status: ReflectionStatus, dueAt: Date, timeBoxMinutes: Int, deferredAt: Date? = nil,
        sharedAt: Date? = nil, startedAt: Date? = nil, completedAt: Date? = nil, skippedAt: Date? = nil,
        notes: ReflectionNotes = ReflectionNotes(), questions: [Question] = [], createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.interactionID = interactionID
        self.authorID = authorID
        self.outcome = outcome
        self.status = status
        self.dueAt = dueAt
        self.timeBoxMinutes = timeBoxMinutes
        self.deferredAt = deferredAt
        self.sharedAt = sharedAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.skippedAt = skippedAt
        self.notes = notes
        self.questions = questions
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// The reflection every new interaction creates for its rep, due per the team's review policy.
    public static func owed(for interaction: Interaction, policy: ReviewPolicy, now: Date) -> Reflection {
        Reflection(
            teamID: interaction.teamID, interactionID: interaction.id, authorID: interaction.repID,
            outcome: interaction.outcome, status: .pending, dueAt: policy.reflectionDue(occurredAt: interaction.occurredAt),
            timeBoxMinutes: policy.timeBoxMinutes(for: interaction.outcome), createdAt: now)
    }

    public var isShared: Bool { sharedAt != nil }
    public var isDeferred: Bool { deferredAt != nil }

    public func isOverdue(at now: Date) -> Bool { status == .pending && now > dueAt }

    /// Time actually spent, from the first time the rep opened it to completion.
    public var timeSpent: TimeInterval? {
        guard let startedAt, let completedAt else { return nil }
        return max(0, completedAt.timeIntervalSince(startedAt))
    }

    /// Records when the rep began, the first time only: the time box counts from there.
    public mutating func start(at now: Date) {
        if startedAt == nil, status == .pending {
            startedAt = now
            updatedAt = now
        }
    }

    /// Replaces the notes. Editing a completed reflection is allowed; its history is kept by storage.
    public mutating func edit(_ newNotes: ReflectionNotes, at now: Date) throws {
        guard status != .skipped else { throw DomainError.conflict("A skipped reflection cannot be edited.") }
        notes = try newNotes.validated()
        start(at: now)
        updatedAt = now
    }

    public mutating func complete(at now: Date) throws {
        guard status == .pending else { throw DomainError.conflict("Only a pending reflection can be completed; this one is \(status.rawValue).") }
        guard !notes.isEmpty else {
            throw DomainError.invalid(ReflectionPrompt.whatWentWell.rawValue, "write at least one answer before completing the reflection")
        }
        start(at: now)
        status = .completed
        completedAt = now
        updatedAt = now
    }

    /// "Cool off and reflect tomorrow": allowed once, and never turns into skipping.
    public mutating func coolOff(policy: ReviewPolicy, at now: Date) throws {
        guard status == .pending else { throw DomainError.conflict("Only a pending reflection can be deferred.") }
        guard deferredAt == nil else { throw DomainError.conflict("This reflection was already deferred once.") }
        deferredAt = now
        dueAt = policy.deferredDue(currentDue: dueAt, now: now)
        updatedAt = now
    }

    /// Skipping is for calls that need no review. A bad interaction must be reviewed: it can only be completed.
    public mutating func skip(at now: Date) throws {
        guard outcome != .bad else {
            throw DomainError.conflict("A bad interaction's reflection cannot be skipped or deleted; it can only be completed.")
        }
        guard status == .pending else { throw DomainError.conflict("Only a pending reflection can be skipped.") }
        status = .skipped
        skippedAt = now
        updatedAt = now
    }

    public mutating func share(at now: Date) {
        if sharedAt == nil { sharedAt = now }
        updatedAt = now
    }

    public mutating func unshare(at now: Date) {
        sharedAt = nil
        updatedAt = now
    }

    /// Keeps the reflection in step when its interaction is edited: a new outcome changes the time box,
    /// a new time moves the due time (unless the rep already chose to cool off), and an interaction
    /// re-rated as bad brings a skipped reflection back, because a bad call is never left unreviewed.
    public mutating func interactionChanged(outcome newOutcome: Outcome, occurredAt: Date, policy: ReviewPolicy, at now: Date) {
        outcome = newOutcome
        guard status != .completed else { return }
        timeBoxMinutes = policy.timeBoxMinutes(for: newOutcome)
        if deferredAt == nil { dueAt = policy.reflectionDue(occurredAt: occurredAt) }
        if newOutcome == .bad, status == .skipped {
            status = .pending
            skippedAt = nil
        }
        updatedAt = now
    }
}

/// Who may see or change a reflection. Managers and admins get no exception: a private
/// reflection is its author's alone, and anyone else is told it does not exist.
public enum ReflectionAccess {
    public static func canView(_ reflection: Reflection, as viewer: Member) -> Bool {
        reflection.teamID == viewer.teamID && (reflection.authorID == viewer.id || reflection.isShared)
    }

    public static func canEdit(_ reflection: Reflection, as viewer: Member) -> Bool {
        reflection.teamID == viewer.teamID && reflection.authorID == viewer.id
    }
}
