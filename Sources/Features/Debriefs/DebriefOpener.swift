import Domain
import Foundation
import Storage

/// Builds the debrief a failure event opens: its clock, facilitator and participants.
public struct DebriefOpener: Sendable {
    public let repositories: Repositories

    public init(repositories: Repositories) { self.repositories = repositories }

    public func forDeal(_ deal: Deal, opener: Member, now: Date) async throws -> Debrief {
        let policy = try await policy(opener.teamID)
        let interactions = try await repositories.interactions.interactions(
            in: deal.teamID, filter: InteractionFilter(dealID: deal.id), page: Paging(limit: Paging.maximumLimit))
        var involved: [MemberID] = deal.ownerID.map { [$0] } ?? []
        for interaction in interactions.items where !involved.contains(interaction.repID) { involved.append(interaction.repID) }
        let eventAt = deal.failedAt ?? now
        let verb = deal.status == .cancelled ? "Cancelled" : "Lost"
        return try await build(
            event: .deal(deal.id), accountID: deal.accountID, title: "\(verb): \(deal.name)", eventAt: eventAt, involved: involved,
            opener: opener, policy: policy, now: now)
    }

    /// What a bulk writer (an import) already knows, so that opening thousands of debriefs does not read
    /// the team's policy and members once per debrief.
    public struct Known {
        let policy: ReviewPolicy
        let team: [Member]
    }

    public func known(for team: TeamID) async throws -> Known {
        Known(policy: try await policy(team), team: try await repositories.members.members(in: team))
    }

    /// The debrief of a deal created in the same batch: it has no interactions yet, so its owner is
    /// the only one involved, and nothing needs reading.
    public func forNewDeal(_ deal: Deal, opener: Member, now: Date, known: Known) -> Debrief {
        let involved: [MemberID] = deal.ownerID.map { [$0] } ?? []
        let eventAt = deal.failedAt ?? now
        let verb = deal.status == .cancelled ? "Cancelled" : "Lost"
        return assemble(
            event: .deal(deal.id), accountID: deal.accountID, title: "\(verb): \(deal.name)", eventAt: eventAt, involved: involved,
            opener: opener, policy: known.policy, team: known.team, now: now)
    }

    public func forInteraction(_ interaction: Interaction, opener: Member, now: Date) async throws -> Debrief {
        let policy = try await policy(opener.teamID)
        let account = try await repositories.accounts.account(interaction.accountID, in: interaction.teamID)
        let title = "Bad \(interaction.kind.rawValue) with \(account?.name ?? "the customer")"
        return try await build(
            event: .interaction(interaction.id), accountID: interaction.accountID, title: title, eventAt: interaction.occurredAt,
            involved: [interaction.repID], opener: opener, policy: policy, now: now)
    }

    /// Escalating a bad interaction: its rep, a manager or an admin may. Escalating twice returns the same debrief.
    public func escalate(_ interaction: Interaction, by member: Member, now: Date) async throws -> (debrief: Debrief, created: Bool) {
        try Self.checkCanEscalate(interaction, by: member)
        if let existing = try await repositories.debriefs.debrief(for: .interaction(interaction.id), in: member.teamID) {
            return (existing, false)
        }
        let debrief = try await forInteraction(interaction, opener: member, now: now)
        try await repositories.debriefs.createDebrief(debrief)
        return (debrief, true)
    }

    /// Saves a participant's perspective on one area as a draft, creating it on first write.
    public func writePerspective(_ text: String, area: DebriefArea, in debrief: Debrief, by member: Member, now: Date) async throws -> Perspective {
        guard debrief.isParticipant(member.id) else {
            throw DomainError.forbidden("Only the debrief's participants write perspectives; ask the facilitator to add you.")
        }
        var perspective = try await repositories.debriefs.perspective(of: member.id, area: area, in: debrief.id)
            ?? Perspective(teamID: member.teamID, debriefID: debrief.id, authorID: member.id, area: area, text: "", createdAt: now)
        try perspective.write(text, at: now)
        try await repositories.debriefs.savePerspective(perspective)
        return perspective
    }

    public static func checkCanEscalate(_ interaction: Interaction, by member: Member) throws {
        guard interaction.repID == member.id || member.canManage else {
            throw DomainError.forbidden("Only the interaction's rep, a manager or an admin can escalate it to a debrief.")
        }
    }

    /// Bad calls of the last 30 days that have no follow-up logged yet: the home page and the calendar feed show them.
    public func followUpsDue(for member: Member, now: Date) async throws -> [Interaction] {
        try await repositories.interactions.interactions(
            in: member.teamID,
            filter: InteractionFilter(repID: member.id, outcome: .bad, from: now.addingTimeInterval(-30 * 86_400), notFollowedUp: true),
            page: Paging(limit: 50)
        ).items
    }

    /// Timeline entries proposed from the failed deal's interactions (or, for an escalated call, the
    /// account's interactions in the month up to it) that are not on the timeline yet.
    public func proposals(for debrief: Debrief, by member: MemberID, now: Date) async throws -> [TimelineEntry] {
        let filter: InteractionFilter
        switch debrief.event {
        case .deal(let deal): filter = InteractionFilter(dealID: deal)
        case .interaction:
            filter = InteractionFilter(
                accountID: debrief.accountID, from: debrief.eventAt.addingTimeInterval(-30 * 24 * 3600), to: debrief.eventAt.addingTimeInterval(1))
        }
        let interactions = try await repositories.interactions.interactions(in: debrief.teamID, filter: filter, page: Paging(limit: Paging.maximumLimit))
        let onTimeline = Set(try await repositories.debriefs.timeline(of: debrief.id).compactMap(\.interactionID))
        let names = Dictionary(uniqueKeysWithValues: try await repositories.members.members(in: debrief.teamID).map { ($0.id, $0.name) })
        return interactions.items.filter { !onTimeline.contains($0.id) }.sorted { $0.occurredAt < $1.occurredAt }.map {
            TimelineEntry.proposal(for: $0, repName: names[$0.repID] ?? "Rep", debrief: debrief, by: member, now: now)
        }
    }

    private func build(
        event: FailureEvent, accountID: AccountID?, title: String, eventAt: Date, involved: [MemberID], opener: Member,
        policy: ReviewPolicy, now: Date
    ) async throws -> Debrief {
        let team = try await repositories.members.members(in: opener.teamID)
        return assemble(event: event, accountID: accountID, title: title, eventAt: eventAt, involved: involved, opener: opener, policy: policy, team: team, now: now)
    }

    private func assemble(
        event: FailureEvent, accountID: AccountID?, title: String, eventAt: Date, involved: [MemberID], opener: Member,
        policy: ReviewPolicy, team: [Member], now: Date
    ) -> Debrief {
        let facilitator = Debrief.defaultFacilitator(opener: opener, involved: Set(involved), team: team)
        var participants = involved
        if !participants.contains(opener.id) { participants.append(opener.id) }
        return Debrief(
            teamID: opener.teamID, event: event, accountID: accountID, title: title, eventAt: eventAt,
            dueAt: policy.debriefDue(eventAt: eventAt), facilitatorID: facilitator,
            participantIDs: participants.filter { $0 != facilitator }, createdAt: now)
    }

    private func policy(_ team: TeamID) async throws -> ReviewPolicy {
        guard let team = try await repositories.teams.team(team) else { throw DomainError.notFound("team") }
        return team.duePolicy
    }
}
