import Domain
import Foundation
import Hummingbird
import Storage

/// Logging calls, meetings, demos and emails. Each one owes its rep a reflection.
struct InteractionController {
    let repositories: Repositories
    let clock: @Sendable () -> Date

    struct Body: Decodable {
        let accountId: AccountID?
        let dealId: DealID?
        let repId: MemberID?
        let kind: InteractionKind?
        let occurredAt: Date?
        let participants: [String]?
        let outcome: Outcome?
        let summary: String?
        /// The failure this interaction follows up: one of these two.
        let followUpOfInteractionId: InteractionID?
        let followUpOfDealId: DealID?
        let recovery: RecoveryStatus?
    }

    struct CreatedResponse: ResponseEncodable {
        let interaction: InteractionResponse
        /// The reflection just created for the rep: when it is due and how long to spend.
        let reflection: ReflectionSummary
    }

    struct ReflectionSummary: Encodable {
        let id: ReflectionID
        let dueAt: Date
        let timeBoxMinutes: Int
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("interactions", use: create)
        router.get("interactions", use: list)
        router.get("interactions/:id", use: get)
        router.patch("interactions/:id", use: update)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<CreatedResponse> {
        let body = try await request.decodeJSON(as: Body.self, context: context)
        var v = Validator()
        v.check(body.accountId != nil, "accountId", "is required")
        v.check(body.kind != nil, "kind", "is required (one of: \(InteractionKind.allowedValues))")
        v.check(body.outcome != nil, "outcome", "is required (one of: \(Outcome.allowedValues))")
        try v.throwIfInvalid()
        let now = clock()
        var interaction = Interaction(
            teamID: context.team, accountID: body.accountId!, dealID: body.dealId, repID: body.repId ?? context.user.id,
            kind: body.kind!, occurredAt: body.occurredAt ?? now, participants: body.participants ?? [], outcome: body.outcome!,
            summary: body.summary, followUpOf: try followUp(body), recovery: body.recovery, createdAt: now)
        try await checkReferences(interaction, context)
        try interaction.validate(now: now)
        let policy = try await policy(context)
        let reflection = Reflection.owed(for: interaction, policy: policy, now: now)
        try await repositories.interactions.createInteraction(interaction, reflection: reflection)
        return EditedResponse(
            status: .created,
            response: CreatedResponse(
                interaction: InteractionResponse(interaction, reflectionID: reflection.id),
                reflection: ReflectionSummary(id: reflection.id, dueAt: reflection.dueAt, timeBoxMinutes: reflection.timeBoxMinutes)))
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<InteractionResponse> {
        let query = QueryParameters(request)
        let filter = InteractionFilter(
            accountID: try query.id("accountId"), dealID: try query.id("dealId"), repID: try query.id("repId"),
            outcome: try query.value("outcome", as: Outcome.self), kind: try query.value("kind", as: InteractionKind.self),
            from: try query.date("from"), to: try query.date("to"))
        let page = try await repositories.interactions.interactions(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { InteractionResponse($0, reflectionID: nil) }
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> InteractionResponse {
        let interaction = try await interaction(context)
        let reflection = try await repositories.reflections.reflection(forInteraction: interaction.id, in: context.team)
        return InteractionResponse(interaction, reflectionID: reflection?.id)
    }

    /// The rep, a manager or an admin may correct an interaction; its reflection follows the new outcome and time.
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> InteractionResponse {
        var interaction = try await interaction(context)
        guard interaction.repID == context.user.id || context.user.canManage else {
            throw Problem.forbidden("Only the rep who had this interaction, a manager or an admin can edit it.")
        }
        let patch = try await request.decodePatch(as: Body.self, context: context)
        let body = patch.value
        let now = clock()
        if patch.has("accountId"), let account = body.accountId { interaction.accountID = account }
        if patch.has("dealId") { interaction.dealID = body.dealId }
        if patch.has("kind"), let kind = body.kind { interaction.kind = kind }
        if patch.has("occurredAt"), let occurredAt = body.occurredAt { interaction.occurredAt = occurredAt }
        if patch.has("participants") { interaction.participants = body.participants ?? [] }
        if patch.has("outcome"), let outcome = body.outcome { interaction.outcome = outcome }
        if patch.has("summary") { interaction.summary = body.summary }
        if patch.has("followUpOfInteractionId") || patch.has("followUpOfDealId") { interaction.followUpOf = try followUp(body) }
        if patch.has("recovery") { interaction.recovery = body.recovery }
        if patch.has("repId"), body.repId != nil, body.repId != interaction.repID {
            throw Problem.invalid("repId", "cannot be changed: the reflection already belongs to its rep")
        }
        try await checkReferences(interaction, context)
        try interaction.validate(now: now)
        interaction.updatedAt = now
        var reflection = try await repositories.reflections.reflection(forInteraction: interaction.id, in: context.team)
        reflection?.interactionChanged(
            outcome: interaction.outcome, occurredAt: interaction.occurredAt, policy: try await policy(context), at: now)
        try await repositories.interactions.updateInteraction(interaction, reflection: reflection)
        return InteractionResponse(interaction, reflectionID: reflection?.id)
    }

    private func interaction(_ context: AuthenticatedContext) async throws -> Interaction {
        let id = try context.parameters.id(as: InteractionID.self, what: "interaction")
        guard let interaction = try await repositories.interactions.interaction(id, in: context.team) else {
            throw Problem.notFound("interaction")
        }
        return interaction
    }

    private func policy(_ context: AuthenticatedContext) async throws -> ReviewPolicy {
        guard let team = try await repositories.teams.team(context.team) else { throw Problem.notFound("team") }
        return team.reviewPolicy
    }

    /// Every id in the body must name something in the caller's team.
    private func checkReferences(_ interaction: Interaction, _ context: AuthenticatedContext) async throws {
        var v = Validator()
        let account = try await repositories.accounts.account(interaction.accountID, in: context.team)
        v.check(account != nil, "accountId", "no account with this id in your team")
        if let dealID = interaction.dealID {
            let deal = try await repositories.deals.deal(dealID, in: context.team)
            v.check(deal != nil, "dealId", "no deal with this id in your team")
            if let deal, account != nil {
                v.check(deal.accountID == interaction.accountID, "dealId", "belongs to another account")
            }
        }
        let rep = try await repositories.members.member(interaction.repID, in: context.team)
        v.check(rep != nil, "repId", "no member with this id in your team")
        switch interaction.followUpOf {
        case .interaction(let id)?:
            let failed = try await repositories.interactions.interaction(id, in: context.team)
            v.check(failed != nil, "followUpOfInteractionId", "no interaction with this id in your team")
            if let failed {
                v.check(failed.outcome == .bad, "followUpOfInteractionId", "only a bad interaction is a failure to follow up")
                v.check(failed.accountID == interaction.accountID, "followUpOfInteractionId", "belongs to another account")
            }
        case .deal(let id)?:
            let deal = try await repositories.deals.deal(id, in: context.team)
            v.check(deal != nil, "followUpOfDealId", "no deal with this id in your team")
            if let deal {
                v.check(deal.status.isFailure, "followUpOfDealId", "only a lost or cancelled deal is a failure to follow up")
                v.check(deal.accountID == interaction.accountID, "followUpOfDealId", "belongs to another account")
            }
        case nil: break
        }
        try v.throwIfInvalid()
    }

    private func followUp(_ body: Body) throws -> FailureEvent? {
        switch (body.followUpOfInteractionId, body.followUpOfDealId) {
        case (nil, nil): return nil
        case (let id?, nil): return .interaction(id)
        case (nil, let id?): return .deal(id)
        default: throw Problem.invalid("followUpOfDealId", "give at most one of followUpOfInteractionId and followUpOfDealId")
        }
    }
}
