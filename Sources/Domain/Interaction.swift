import Foundation

public enum InteractionKind: String, ClosedSet {
    case call, meeting, demo, email
}

/// How the rep judges the interaction. A bad one is a failure event of its own.
public enum Outcome: String, ClosedSet {
    case good, neutral, bad
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
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: InteractionID = InteractionID(), teamID: TeamID, accountID: AccountID, dealID: DealID? = nil,
        repID: MemberID, kind: InteractionKind, occurredAt: Date, participants: [String] = [], outcome: Outcome,
        summary: String? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
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
        try v.throwIfInvalid()
    }
}
