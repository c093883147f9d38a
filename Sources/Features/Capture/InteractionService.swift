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
        return team.reviewPolicy
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

/// A reflection's life, shared by the JSON API and the web pages. Anyone but the author is told a
/// private reflection does not exist; a teammate who can see a shared one may not change it.
public struct ReflectionService: Sendable {
    let repositories: Repositories

    public init(repositories: Repositories) {
        self.repositories = repositories
    }

    public enum Action: String {
        case start, complete, coolOff = "defer", skip, share, unshare
    }

    public func visible(_ id: ReflectionID, to user: Member) async throws -> Reflection {
        guard let reflection = try await repositories.reflections.reflection(id, in: user.teamID),
            ReflectionAccess.canView(reflection, as: user)
        else { throw DomainError.notFound("reflection") }
        return reflection
    }

    public func own(_ id: ReflectionID, by user: Member) async throws -> Reflection {
        let reflection = try await visible(id, to: user)
        guard ReflectionAccess.canEdit(reflection, as: user) else { throw DomainError.forbidden("Only the author can change a reflection.") }
        return reflection
    }

    /// Saves new notes; what was written before is kept as history.
    public func edit(_ id: ReflectionID, notes change: (inout ReflectionNotes) -> Void, by user: Member, now: Date) async throws -> Reflection {
        var reflection = try await own(id, by: user)
        let before = reflection.notes
        var notes = before
        change(&notes)
        try reflection.edit(notes, at: now)
        let revision = (before.isEmpty || before == reflection.notes)
            ? nil : ReflectionRevision(reflectionID: reflection.id, editedBy: user.id, editedAt: now, notes: before)
        try await repositories.reflections.updateReflection(reflection, revision: revision)
        return reflection
    }

    public func perform(_ action: Action, on id: ReflectionID, by user: Member, now: Date) async throws -> Reflection {
        var reflection = try await own(id, by: user)
        switch action {
        case .start: reflection.start(at: now)
        case .complete: try reflection.complete(at: now)
        case .coolOff: try reflection.coolOff(policy: try await InteractionService(repositories: repositories).policy(user.teamID), at: now)
        case .skip: try reflection.skip(at: now)
        case .share: reflection.share(at: now)
        case .unshare: reflection.unshare(at: now)
        }
        try await repositories.reflections.updateReflection(reflection, revision: nil)
        return reflection
    }

    /// A customer question from this reflection; it goes to the library unless kept private.
    public func addQuestion(to id: ReflectionID, text: String, topic: String?, inLibrary: Bool, by user: Member, now: Date) async throws -> Question {
        let reflection = try await own(id, by: user)
        let (text, topic) = try Question.validated(text: text, topic: topic)
        let interaction = try await repositories.interactions.interaction(reflection.interactionID, in: user.teamID)
        let question = Question(
            teamID: user.teamID, reflectionID: reflection.id, accountID: interaction?.accountID, inLibrary: inLibrary, askedByID: user.id,
            text: text, topic: topic, createdAt: now)
        try await repositories.questions.addQuestion(question)
        return question
    }
}
