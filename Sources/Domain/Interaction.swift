import Foundation

public enum InteractionKind: String, ClosedSet {
    case call, meeting, demo, email
}

/// How the rep judges the interaction. A bad one is a failure event of its own.
public enum Outcome: String, ClosedSet {
    case good, neutral, bad
}

/// How a follow-up after a failure went. Failure is not final.
public enum RecoveryStatus: String, ClosedSet {
    case recovered, progressing
    case lostForGood = "lost-for-good"
}

public struct Interaction: Equatable, Sendable {
    public let id: InteractionID
    public let teamID: TeamID
    public var accountID: AccountID
    public var dealID: DealID?
    /// The rep who had the interaction and owes its reflection.
    public var repID: MemberID
    public var kind: InteractionKind
    public var occurredAt: Date
    /// Who took part: customer names and colleagues, as typed.
    public var participants: [String]
    public var outcome: Outcome
    public var summary: String?
    /// The failure this interaction follows up: a bad interaction or a lost or cancelled deal.
    public var followUpOf: FailureEvent?
    /// Set by the rep once the follow-up's result is known.
    public var recovery: RecoveryStatus?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: InteractionID = InteractionID(), teamID: TeamID, accountID: AccountID, dealID: DealID? = nil,
        repID: MemberID, kind: InteractionKind, occurredAt: Date, participants: [String] = [], outcome: Outcome,
        summary: String? = nil, followUpOf: FailureEvent? = nil, recovery: RecoveryStatus? = nil, createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.followUpOf = followUpOf
        self.recovery = recovery
        self.id = id
        self.teamID = teamID
        self.accountID = accountID
        self.dealID = dealID
        self.repID = repID
        self.kind = kind
        self.occurredAt = occurredAt
        self.participants = participants
        self.outcome = outcome
        self.summary = summary
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public mutating func validate(now: Date) throws {
        var v = Validator()
        summary = v.optionalText(summary, "summary", maxLength: 10_000)
        var cleaned: [String] = []
        for (index, participant) in participants.enumerated() {
            let p = participant.trimmingCharacters(in: .whitespacesAndNewlines)
            v.check(!p.isEmpty && p.count <= 200, "participants[\(index)]", "must be 1 to 200 characters")
            if !p.isEmpty { cleaned.append(p) }
        }
        participants = cleaned
        v.check(participants.count <= 50, "participants", "must list at most 50 people")
        // A rep logs what already happened; a little clock skew is tolerated.
        v.check(occurredAt <= now.addingTimeInterval(15 * 60), "occurredAt", "must not be in the future")
        v.check(recovery == nil || followUpOf != nil, "recovery", "only a follow-up of a failure has a recovery result")
        if case .interaction(let failed) = followUpOf { v.check(failed != id, "followUpOfInteractionId", "an interaction cannot follow up itself") }
        try v.throwIfInvalid()
    }
}
