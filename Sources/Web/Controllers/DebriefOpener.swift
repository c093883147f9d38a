import Domain
import Foundation
import Storage

/// Builds the debrief a failure event opens: its clock, facilitator and participants.
struct DebriefOpener {
    let repositories: Repositories

    func forDeal(_ deal: Deal, opener: Member, now: Date) async throws -> Debrief {
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

    func forInteraction(_ interaction: Interaction, opener: Member, now: Date) async throws -> Debrief {
        let policy = try await policy(opener.teamID)
        let account = try await repositories.accounts.account(interaction.accountID, in: interaction.teamID)
        let title = "Bad \(interaction.kind.rawValue) with \(account?.name ?? "the customer")"
        return try await build(
            event: .interaction(interaction.id), accountID: interaction.accountID, title: title, eventAt: interaction.occurredAt,
            involved: [interaction.repID], opener: opener, policy: policy, now: now)
    }

    private func build(
        event: FailureEvent, accountID: AccountID?, title: String, eventAt: Date, involved: [MemberID], opener: Member,
        policy: ReviewPolicy, now: Date
    ) async throws -> Debrief {
        let team = try await repositories.members.members(in: opener.teamID)
        let facilitator = Debrief.defaultFacilitator(opener: opener, involved: Set(involved), team: team)
        var participants = involved
        if !participants.contains(opener.id) { participants.append(opener.id) }
        return Debrief(
            teamID: opener.teamID, event: event, accountID: accountID, title: title, eventAt: eventAt,
            dueAt: eventAt.addingTimeInterval(TimeInterval(policy.debriefDueHours * 3600)), facilitatorID: facilitator,
            participantIDs: participants.filter { $0 != facilitator }, createdAt: now)
    }

    private func policy(_ team: TeamID) async throws -> ReviewPolicy {
        guard let team = try await repositories.teams.team(team) else { throw Problem.notFound("team") }
        return team.reviewPolicy
    }
}
