import Domain
import Foundation
import Storage

/// The debrief's merged timeline: entries written by hand, entries proposed from the failure's
/// interactions, and each entry's edit history.
extension Debriefs {
    /// A timeline entry as written; every field is required when adding, any may be left out when editing.
    public struct TimelineDraft: Sendable {
        public var occurredAt: Date?
        public var actor: String?
        public var description: String?
        public var source: TimelineSource?

        public init(occurredAt: Date? = nil, actor: String? = nil, description: String? = nil, source: TimelineSource? = nil) {
            self.occurredAt = occurredAt
            self.actor = actor
            self.description = description
            self.source = source
        }
    }

    public func timeline(of id: DebriefID, for user: Member) async throws -> [TimelineEntry] {
        try await repositories.debriefs.timeline(of: try await debrief(id, for: user).id)
    }

    public func addTimelineEntry(_ draft: TimelineDraft, to id: DebriefID, by user: Member) async throws -> TimelineEntry {
        let debrief = try await contributable(id, by: user)
        var v = Validator()
        v.check(draft.occurredAt != nil, "occurredAt", "is required")
        v.check(draft.actor != nil, "actor", "is required")
        v.check(draft.description != nil, "description", "is required")
        try v.throwIfInvalid()
        var entry = TimelineEntry(
            teamID: user.teamID, debriefID: debrief.id, occurredAt: draft.occurredAt!, actor: draft.actor!, description: draft.description!,
            source: draft.source ?? .note, createdByID: user.id, createdAt: clock())
        try entry.validate()
        try await repositories.debriefs.addTimelineEntries([entry])
        return entry
    }

    /// Entries proposed from the failed deal's (or account's) interactions that are not on the timeline yet.
    public func proposals(for id: DebriefID, by user: Member) async throws -> [TimelineEntry] {
        try await opener.proposals(for: try await debrief(id, for: user), by: user.id, now: clock())
    }

    /// Puts proposals on the timeline. An id that is not a current proposal is refused by its position,
    /// and nothing is added.
    public func acceptProposals(_ interactionIDs: [InteractionID], for id: DebriefID, by user: Member) async throws -> [TimelineEntry] {
        let debrief = try await contributable(id, by: user)
        let proposed = try await opener.proposals(for: debrief, by: user.id, now: clock())
        var accepted: [TimelineEntry] = []
        for (index, id) in interactionIDs.enumerated() {
            guard let entry = proposed.first(where: { $0.interactionID == id }) else {
                throw DomainError.invalid("interactionIds[\(index)]", "is not a proposal for this debrief (unknown, or already on the timeline)")
            }
            accepted.append(entry)
        }
        try await repositories.debriefs.addTimelineEntries(accepted)
        return accepted
    }

    /// Changes the fields given; an empty actor or description is refused. The earlier version is kept.
    public func editTimelineEntry(_ entryID: TimelineEntryID, in id: DebriefID, _ changes: TimelineDraft, by user: Member) async throws -> TimelineEntry {
        let debrief = try await contributable(id, by: user)
        var entry = try await entry(entryID, in: debrief)
        let previous = entry
        if let occurredAt = changes.occurredAt { entry.occurredAt = occurredAt }
        if let actor = changes.actor { entry.actor = actor }
        if let description = changes.description { entry.description = description }
        if let source = changes.source { entry.source = source }
        try entry.validate()
        let now = clock()
        entry.updatedAt = now
        try await repositories.debriefs.updateTimelineEntry(entry, revision: TimelineRevision(previous: previous, editedBy: user.id, editedAt: now))
        return entry
    }

    public func timelineHistory(_ entryID: TimelineEntryID, in id: DebriefID, for user: Member) async throws -> [TimelineRevision] {
        let entry = try await entry(entryID, in: try await debrief(id, for: user))
        return try await repositories.debriefs.timelineRevisions(of: entry.id)
    }

    private func entry(_ id: TimelineEntryID, in debrief: Debrief) async throws -> TimelineEntry {
        guard let entry = try await repositories.debriefs.timelineEntry(id, in: debrief.teamID), entry.debriefID == debrief.id else {
            throw DomainError.notFound("timeline entry")
        }
        return entry
    }
}
