import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Logging calls, meetings, demos and emails. Each one owes its rep a reflection.
struct InteractionController {
    let service: InteractionService
    let interactions: any InteractionRepository
    let reflections: any ReflectionRepository
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
        router.add(.createInteraction, use: create)
        router.add(.listInteractions, use: list)
        router.add(.getInteraction, use: get)
        router.add(.updateInteraction, use: update)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<CreatedResponse> {
        let body = try await request.decodeJSON(as: Body.self, context: context)
        var v = Validator()
        v.check(body.accountId != nil, "accountId", "is required")
        v.check(body.kind != nil, "kind", "is required (one of: \(InteractionKind.allowedValues))")
        v.check(body.outcome != nil, "outcome", "is required (one of: \(Outcome.allowedValues))")
        try v.throwIfInvalid()
        let now = clock()
        let draft = Interaction(
            teamID: context.team, accountID: body.accountId!, dealID: body.dealId, repID: body.repId ?? context.user.id,
            kind: body.kind!, occurredAt: body.occurredAt ?? now, participants: body.participants ?? [], outcome: body.outcome!,
            summary: body.summary, followUpOf: try followUp(body), recovery: body.recovery, createdAt: now)
        let (interaction, reflection) = try await service.log(draft, by: context.user, now: now)
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
        let page = try await interactions.interactions(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { InteractionResponse($0, reflectionID: nil) }
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> InteractionResponse {
        let interaction = try await interaction(context)
        let reflection = try await reflections.reflection(forInteraction: interaction.id, in: context.team)
        return InteractionResponse(interaction, reflectionID: reflection?.id)
    }

    /// The rep, a manager or an admin may correct an interaction; its reflection follows the new outcome and time.
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> InteractionResponse {
        var interaction = try await interaction(context)
        guard interaction.repID == context.user.id || context.user.canManage else {
            throw DomainError.forbidden("Only the rep who had this interaction, a manager or an admin can edit it.")
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
            throw DomainError.invalid("repId", "cannot be changed: the reflection already belongs to its rep")
        }
        try await service.checkReferences(interaction, team: context.team)
        try interaction.validate(now: now)
        interaction.updatedAt = now
        var reflection = try await reflections.reflection(forInteraction: interaction.id, in: context.team)
        reflection?.interactionChanged(
            outcome: interaction.outcome, occurredAt: interaction.occurredAt, policy: try await service.policy(context.team), at: now)
        try await interactions.updateInteraction(interaction, reflection: reflection)
        return InteractionResponse(interaction, reflectionID: reflection?.id)
    }

    private func interaction(_ context: AuthenticatedContext) async throws -> Interaction {
        let id = try context.parameters.id(as: InteractionID.self, what: "interaction")
        guard let interaction = try await interactions.interaction(id, in: context.team) else {
            throw DomainError.notFound("interaction")
        }
        return interaction
    }

    private func followUp(_ body: Body) throws -> FailureEvent? {
        switch (body.followUpOfInteractionId, body.followUpOfDealId) {
        case (nil, nil): return nil
        case (let id?, nil): return .interaction(id)
        case (nil, let id?): return .deal(id)
        default: throw DomainError.invalid("followUpOfDealId", "give at most one of followUpOfInteractionId and followUpOfDealId")
        }
    }
}
