import Foundation

/// One participant's view of one area. Private to its author until submitted; then the team
/// sees everyone's side by side, so differing mental models become visible.
public struct Perspective: Equatable, Sendable {
    public let id: PerspectiveID
    public let teamID: TeamID
    public let debriefID: DebriefID
    public let authorID: MemberID
    public let area: DebriefArea
    public private(set) var text: String
    public private(set) var submittedAt: Date?
    public let createdAt: Date
    public private(set) var updatedAt: Date

    public init(
        id: PerspectiveID = PerspectiveID(), teamID: TeamID, debriefID: DebriefID, authorID: MemberID, area: DebriefArea,
        text: String, submittedAt: Date? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.debriefID = debriefID
        self.authorID = authorID
        self.area = area
        self.text = text
        self.submittedAt = submittedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public var isSubmitted: Bool { submittedAt != nil }

    public mutating func write(_ newText: String, at now: Date) throws {
        var v = Validator()
        text = v.requiredText(newText, "text", maxLength: 20_000)
        try v.throwIfInvalid()
        updatedAt = now
    }

    public mutating func submit(at now: Date) {
        if submittedAt == nil { submittedAt = now }
        updatedAt = now
    }

    public func isVisible(to member: MemberID) -> Bool { authorID == member || isSubmitted }
}

public enum TimelineSource: String, ClosedSet {
    case call, meeting, demo, email, crm, note

    public init(_ kind: InteractionKind) {
        switch kind {
        case .call: self = .call
        case .meeting: self = .meeting
        case .demo: self = .demo
        case .email: self = .email
        }
    }
}

/// One event on the merged timeline the facilitator builds from everyone's view.
public struct TimelineEntry: Equatable, Sendable {
    public let id: TimelineEntryID
    public let teamID: TeamID
    public let debriefID: DebriefID
    public var occurredAt: Date
    public var actor: String
    public var description: String
    public var source: TimelineSource
    /// The interaction the entry was proposed from, if any.
    public let interactionID: InteractionID?
    public let createdByID: MemberID
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: TimelineEntryID = TimelineEntryID(), teamID: TeamID, debriefID: DebriefID, occurredAt: Date, actor: String,
        description: String, source: TimelineSource, interactionID: InteractionID? = nil, createdByID: MemberID, createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.debriefID = debriefID
        self.occurredAt = occurredAt
        self.actor = actor
        self.description = description
        self.source = source
        self.interactionID = interactionID
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public mutating func validate() throws {
        var v = Validator()
        actor = v.requiredText(actor, "actor", maxLength: 200)
        description = v.requiredText(description, "description", maxLength: 5_000)
        try v.throwIfInvalid()
    }

    /// A proposed entry for an interaction of the failed deal or account.
    public static func proposal(
        for interaction: Interaction, repName: String, debrief: Debrief, by member: MemberID, now: Date
    ) -> TimelineEntry {
        var text = "\(interaction.kind.rawValue.capitalized) rated \(interaction.outcome.rawValue)"
        if !interaction.participants.isEmpty { text += " with \(interaction.participants.joined(separator: ", "))" }
        if let summary = interaction.summary { text += ": \(summary)" }
        return TimelineEntry(
            teamID: debrief.teamID, debriefID: debrief.id, occurredAt: interaction.occurredAt, actor: repName, description: text,
            source: TimelineSource(interaction.kind), interactionID: interaction.id, createdByID: member, createdAt: now)
    }
}

/// A timeline entry as it was before an edit.
public struct TimelineRevision: Equatable, Sendable {
    public let entryID: TimelineEntryID
    public let editedBy: MemberID
    public let editedAt: Date
    public let occurredAt: Date
    public let actor: String
    public let description: String
    public let source: TimelineSource

    public init(previous entry: TimelineEntry, editedBy: MemberID, editedAt: Date) {
        self.init(
            entryID: entry.id, editedBy: editedBy, editedAt: editedAt, occurredAt: entry.occurredAt, actor: entry.actor,
            description: entry.description, source: entry.source)
    }

    public init(
        entryID: TimelineEntryID, editedBy: MemberID, editedAt: Date, occurredAt: Date, actor: String, description: String,
        source: TimelineSource
    ) {
        self.entryID = entryID
        self.editedBy = editedBy
        self.editedAt = editedAt
        self.occurredAt = occurredAt
        self.actor = actor
        self.description = description
        self.source = source
    }
}
