import Domain
import Foundation
import Storage

/// Logging an interaction, shared by the JSON API and the web pages.
public struct InteractionService: Sendable {
    let repositories: Repositories

    public init(repositories: Repositories) {
        self.repositories = repositories
    }

    /// Validates the interaction and its references, then stores it with the reflection it owes its rep.
    public func log(_ interaction: Interaction, by user: Member, now: Date) async throws -> (Interaction, Reflection) {
        var interaction = interaction
        // Logging a call owes its rep a reflection (one a bad call's rep cannot skip), so only managers
        // and admins may put one in somebody else's queue.
        guard interaction.repID == user.id || user.canManage else {
            throw DomainError.forbidden("Only managers and admins log calls for another rep; leave repId out to log your own.")
        }
        try await checkReferences(interaction, team: user.teamID, user: user.id)
        try interaction.validate(now: now)
        let reflection = Reflection.owed(for: interaction, policy: try await policy(user.teamID), now: now)
        try await repositories.interactions.createInteraction(interaction, reflection: reflection)
        return (interaction, reflection)
    }

    public func policy(_ team: TeamID) async throws -> ReviewPolicy {
        guard let team = try await repositories.teams.team(team) else { throw DomainError.notFound("team") }
        return team.duePolicy
    }

    /// Every id in the interaction must name something in the caller's team.
    public func checkReferences(_ interaction: Interaction, team: TeamID, user: MemberID? = nil) async throws {
        var v = Validator()
        let account = try await repositories.accounts.account(interaction.accountID, in: team)
        v.check(account != nil, "accountId", "no account with this id in your team")
        if let dealID = interaction.dealID {
            let deal = try await repositories.deals.deal(dealID, in: team)
            v.check(deal != nil, "dealId", "no deal with this id in your team")
            if let deal, account != nil {
                v.check(deal.accountID == interaction.accountID, "dealId", "belongs to another account")
            }
        }
        // Reps mostly log their own calls: the caller is already known to be in the team.
        if interaction.repID != user {
            let rep = try await repositories.members.member(interaction.repID, in: team)
            v.check(rep != nil, "repId", "no member with this id in your team")
        }
        switch interaction.followUpOf {
        case .interaction(let id)?:
            let failed = try await repositories.interactions.interaction(id, in: team)
            v.check(failed != nil, "followUpOfInteractionId", "no interaction with this id in your team")
            if let failed {
                v.check(failed.outcome == .bad, "followUpOfInteractionId", "only a bad interaction is a failure to follow up")
                v.check(failed.accountID == interaction.accountID, "followUpOfInteractionId", "belongs to another account")
            }
        case .deal(let id)?:
            let deal = try await repositories.deals.deal(id, in: team)
            v.check(deal != nil, "followUpOfDealId", "no deal with this id in your team")
            if let deal {
                v.check(deal.status.isFailure, "followUpOfDealId", "only a lost or cancelled deal is a failure to follow up")
                v.check(deal.accountID == interaction.accountID, "followUpOfDealId", "belongs to another account")
            }
        case nil: break
        }
        try v.throwIfInvalid()
    }
}
