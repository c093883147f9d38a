import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The team debrief: the seven areas, each participant's perspective, the merged timeline, and the
/// meeting's life from scheduled to completed. Debriefs are visible to the whole team; a perspective
/// stays with its author until submitted.
struct DebriefController {
    let repositories: Repositories
    let clock: @Sendable () -> Date
    let coach = BlameCoach()

    struct OpenRequest: Decodable {
        let dealId: DealID?
        let interactionId: InteractionID?
        let title: String?
        let facilitatorId: MemberID?
        let participantIds: [MemberID]?
        let scheduledFor: Date?
    }

    struct Patch: Decodable {
        let title: String?
        let facilitatorId: MemberID?
        let participantIds: [MemberID]?
        let scheduledFor: Date?
        let summary: String?
        let parkedIdeas: String?
        let concludedLossReason: String?
    }

    struct PerspectiveBody: Decodable {
        let text: String
    }

    struct TimelineBody: Decodable {
        let occurredAt: Date?
        let actor: String?
        let description: String?
        let source: TimelineSource?
    }

    struct AcceptProposals: Decodable {
        let interactionIds: [InteractionID]
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("debriefs", use: open)
        router.get("debriefs", use: list)
        router.get("debriefs/:id", use: workspace)
        router.patch("debriefs/:id", use: update)
        router.post("debriefs/:id/start", use: start)
        router.post("debriefs/:id/complete", use: complete)
        router.post("debriefs/:id/revisit", use: revisit)
        router.put("debriefs/:id/perspectives/:area", use: writePerspective)
        router.post("debriefs/:id/perspectives/submit", use: submitPerspectives)
        router.get("debriefs/:id/timeline", use: timeline)
        router.post("debriefs/:id/timeline", use: addTimelineEntry)
        router.get("debriefs/:id/timeline/proposals", use: proposals)
        router.post("debriefs/:id/timeline/proposals", use: acceptProposals)
        router.patch("debriefs/:id/timeline/:entry", use: editTimelineEntry)
        router.get("debriefs/:id/timeline/:entry/history", use: timelineHistory)
        router.post("interactions/:id/escalate", use: escalate)
    }

    @Sendable func open(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<DebriefResponse> {
        let request = try await request.decodePatch(as: OpenRequest.self, context: context)
        let body = request.value
        let now = clock()
        let opener = DebriefOpener(repositories: repositories)
        var debrief: Debrief
        switch (body.dealId, body.interactionId) {
        case (let dealID?, nil):
            guard let deal = try await repositories.deals.deal(dealID, in: context.team) else {
                throw Problem.invalid("dealId", "no deal with this id in your team")
            }
            guard deal.status.isFailure else { throw Problem.invalid("dealId", "only a lost or cancelled deal is a failure event") }
            debrief = try await opener.forDeal(deal, opener: context.user, now: now)
        case (nil, let interactionID?):
            guard let interaction = try await repositories.interactions.interaction(interactionID, in: context.team) else {
                throw Problem.invalid("interactionId", "no interaction with this id in your team")
            }
            try DebriefOpener.checkCanEscalate(interaction, by: context.user)
            debrief = try await opener.forInteraction(interaction, opener: context.user, now: now)
        default:
            throw Problem.invalid("dealId", "give exactly one of dealId (a lost or cancelled deal) or interactionId (an escalated interaction)")
        }
        let settings = Patch(
            title: body.title, facilitatorId: body.facilitatorId, participantIds: body.participantIds, scheduledFor: body.scheduledFor,
            summary: nil, parkedIdeas: nil, concludedLossReason: nil)
        try await apply(PatchBody(value: settings, keys: request.keys), to: &debrief, context)
        try await repositories.debriefs.createDebrief(debrief)
        return EditedResponse(status: .created, response: DebriefResponse(debrief, now: now))
    }

    /// A rep or a manager escalates a bad interaction into a team debrief. Escalating twice returns the same debrief.
    @Sendable func escalate(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<DebriefResponse> {
        let id = try context.parameters.id(as: InteractionID.self, what: "interaction")
        guard let interaction = try await repositories.interactions.interaction(id, in: context.team) else {
            throw Problem.notFound("interaction")
        }
        let now = clock()
        let (debrief, created) = try await DebriefOpener(repositories: repositories).escalate(interaction, by: context.user, now: now)
        return EditedResponse(status: created ? .created : .ok, response: DebriefResponse(debrief, now: now))
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<DebriefResponse> {
        let query = QueryParameters(request)
        let now = clock()
        let filter = DebriefFilter(
            status: try query.value("status", as: DebriefStatus.self),
            participant: try query.bool("mine") == true ? context.user.id : nil,
            overdueAt: try query.bool("overdue") == true ? now : nil,
            accountID: try query.id("accountId"))
        let page = try await repositories.debriefs.debriefs(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { DebriefResponse($0, now: now) }
    }

    @Sendable func workspace(_ request: Request, context: AuthenticatedContext) async throws -> DebriefWorkspaceResponse {
        let debrief = try await debrief(context)
        let now = clock()
        let perspectives = try await repositories.debriefs.perspectives(of: debrief.id, visibleTo: context.user.id)
        let timeline = try await repositories.debriefs.timeline(of: debrief.id)
        let lessons = try await repositories.learning.lessons(
            in: context.team, filter: LessonFilter(debriefID: debrief.id), page: Paging(limit: Paging.maximumLimit))
        let actions = try await repositories.learning.actionItems(
            in: context.team, filter: ActionFilter(debriefID: debrief.id), page: Paging(limit: Paging.maximumLimit))
        let pulse = try await repositories.learning.pulseSummary(in: context.team, debrief: debrief.id)
        return DebriefWorkspaceResponse(
            debrief: DebriefResponse(debrief, now: now),
            areas: DebriefArea.allCases.map { area in
                AreaResponse(
                    area: area, title: area.title, prompts: area.prompts,
                    perspectives: perspectives.filter { $0.area == area }.map { PerspectiveResponse($0, coach: coach) })
            },
            timeline: timeline.map { TimelineEntryResponse($0, coach: coach) },
            lessons: lessons.items.map { LessonResponse($0, coach: coach) },
            actions: actions.items.map { ActionItemResponse($0, now: now, coach: coach) },
            pulse: PulseReport.aggregate(pulse))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        var debrief = try await debrief(context)
        try requireFacilitation(debrief, context)
        let patch = try await request.decodePatch(as: Patch.self, context: context)
        try await apply(patch, to: &debrief, context)
        debrief.updatedAt = clock()
        try await repositories.debriefs.updateDebrief(debrief)
        return DebriefResponse(debrief, now: clock())
    }

    @Sendable func start(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        try await transition(context) { try $0.start(at: $1) }
    }

    @Sendable func complete(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        try await transition(context) { try $0.complete(at: $1) }
    }

    @Sendable func revisit(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        try await transition(context) { try $0.markRevisited(at: $1) }
    }

    /// Saves my perspective on one area as a draft (private until submitted); the coach's suggestions come back with it.
    @Sendable func writePerspective(_ request: Request, context: AuthenticatedContext) async throws -> PerspectiveResponse {
        let debrief = try await debrief(context)
        guard debrief.isParticipant(context.user.id) else {
            throw Problem.forbidden("Only the debrief's participants write perspectives; ask the facilitator to add you.")
        }
        guard let rawArea = context.parameters.get("area"), let area = DebriefArea(rawValue: rawArea) else {
            throw Problem.notFound("area (one of: \(DebriefArea.allowedValues))")
        }
        let body = try await request.decodeJSON(as: PerspectiveBody.self, context: context)
        let perspective = try await DebriefOpener(repositories: repositories).writePerspective(
            body.text, area: area, in: debrief, by: context.user, now: clock())
        return PerspectiveResponse(perspective, coach: coach)
    }

    struct SubmitResponse: ResponseEncodable {
        let submitted: Int
    }

    @Sendable func submitPerspectives(_ request: Request, context: AuthenticatedContext) async throws -> SubmitResponse {
        let debrief = try await debrief(context)
        guard debrief.isParticipant(context.user.id) else { throw Problem.forbidden("Only the debrief's participants submit perspectives.") }
        let count = try await repositories.debriefs.submitPerspectives(of: context.user.id, in: debrief.id, at: clock())
        return SubmitResponse(submitted: count)
    }

    @Sendable func timeline(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let debrief = try await debrief(context)
        let entries = try await repositories.debriefs.timeline(of: debrief.id)
        return ListResponse(items: entries.map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func addTimelineEntry(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<TimelineEntryResponse> {
        let debrief = try await debrief(context)
        try requireContributor(debrief, context)
        let body = try await request.decodeJSON(as: TimelineBody.self, context: context)
        var v = Validator()
        v.check(body.occurredAt != nil, "occurredAt", "is required")
        v.check(body.actor != nil, "actor", "is required")
        v.check(body.description != nil, "description", "is required")
        try v.throwIfInvalid()
        var entry = TimelineEntry(
            teamID: context.team, debriefID: debrief.id, occurredAt: body.occurredAt!, actor: body.actor!, description: body.description!,
            source: body.source ?? .note, createdByID: context.user.id, createdAt: clock())
        try entry.validate()
        try await repositories.debriefs.addTimelineEntries([entry])
        return EditedResponse(status: .created, response: TimelineEntryResponse(entry, coach: coach))
    }

    /// Entries proposed from the failed deal's (or account's) interactions that are not on the timeline yet.
    @Sendable func proposals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let debrief = try await debrief(context)
        return ListResponse(items: try await proposedEntries(for: debrief, context).map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func acceptProposals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let debrief = try await debrief(context)
        try requireContributor(debrief, context)
        let body = try await request.decodeJSON(as: AcceptProposals.self, context: context)
        let proposed = try await proposedEntries(for: debrief, context)
        var accepted: [TimelineEntry] = []
        for (index, id) in body.interactionIds.enumerated() {
            guard let entry = proposed.first(where: { $0.interactionID == id }) else {
                throw Problem.invalid("interactionIds[\(index)]", "is not a proposal for this debrief (unknown, or already on the timeline)")
            }
            accepted.append(entry)
        }
        try await repositories.debriefs.addTimelineEntries(accepted)
        return ListResponse(items: accepted.map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func editTimelineEntry(_ request: Request, context: AuthenticatedContext) async throws -> TimelineEntryResponse {
        let debrief = try await debrief(context)
        try requireContributor(debrief, context)
        var entry = try await entry(debrief, context)
        let previous = entry
        let patch = try await request.decodePatch(as: TimelineBody.self, context: context)
        if let occurredAt = patch.value.occurredAt { entry.occurredAt = occurredAt }
        if patch.has("actor") { entry.actor = patch.value.actor ?? "" }
        if patch.has("description") { entry.description = patch.value.description ?? "" }
        if let source = patch.value.source { entry.source = source }
        try entry.validate()
        let now = clock()
        entry.updatedAt = now
        try await repositories.debriefs.updateTimelineEntry(entry, revision: TimelineRevision(previous: previous, editedBy: context.user.id, editedAt: now))
        return TimelineEntryResponse(entry, coach: coach)
    }

    @Sendable func timelineHistory(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineRevisionResponse> {
        let debrief = try await debrief(context)
        let entry = try await entry(debrief, context)
        let revisions = try await repositories.debriefs.timelineRevisions(of: entry.id)
        return ListResponse(
            items: revisions.map {
                TimelineRevisionResponse(
                    editedById: $0.editedBy, editedAt: $0.editedAt, occurredAt: $0.occurredAt, actor: $0.actor, description: $0.description,
                    source: $0.source)
            }, nextOffset: nil)
    }

    // MARK: - Helpers

    func debrief(_ context: AuthenticatedContext) async throws -> Debrief {
        let id = try context.parameters.id(as: DebriefID.self, what: "debrief")
        guard let debrief = try await repositories.debriefs.debrief(id, in: context.team) else { throw Problem.notFound("debrief") }
        return debrief
    }

    private func entry(_ debrief: Debrief, _ context: AuthenticatedContext) async throws -> TimelineEntry {
        let id = try context.parameters.id("entry", as: TimelineEntryID.self, what: "timeline entry")
        guard let entry = try await repositories.debriefs.timelineEntry(id, in: context.team), entry.debriefID == debrief.id else {
            throw Problem.notFound("timeline entry")
        }
        return entry
    }

    private func transition(_ context: AuthenticatedContext, _ change: (inout Debrief, Date) throws -> Void) async throws -> DebriefResponse {
        var debrief = try await debrief(context)
        try requireFacilitation(debrief, context)
        let now = clock()
        try change(&debrief, now)
        try await repositories.debriefs.updateDebrief(debrief)
        return DebriefResponse(debrief, now: now)
    }

    private func proposedEntries(for debrief: Debrief, _ context: AuthenticatedContext) async throws -> [TimelineEntry] {
        try await DebriefOpener(repositories: repositories).proposals(for: debrief, by: context.user.id, now: clock())
    }

    private func apply(_ patch: PatchBody<Patch>, to debrief: inout Debrief, _ context: AuthenticatedContext) async throws {
        let body = patch.value
        if patch.has("title") { debrief.title = body.title ?? "" }
        if patch.has("summary") { debrief.summary = body.summary }
        if patch.has("parkedIdeas") { debrief.parkedIdeas = body.parkedIdeas }
        if patch.has("concludedLossReason") {
            if let key = body.concludedLossReason {
                try LossReason.requireKnown(key, among: try await repositories.lossReasons.lossReasons(of: context.team), field: "concludedLossReason")
            }
            debrief.concludedLossReason = body.concludedLossReason
        }
        if patch.has("scheduledFor") { debrief.scheduledFor = body.scheduledFor }
        var v = Validator()
        let team = Set(try await repositories.members.members(in: context.team).map(\.id))
        if let facilitator = body.facilitatorId {
            v.check(team.contains(facilitator), "facilitatorId", "no member with this id in your team")
            debrief.facilitatorID = facilitator
        }
        if let participants = body.participantIds {
            for (index, id) in participants.enumerated() {
                v.check(team.contains(id), "participantIds[\(index)]", "no member with this id in your team")
            }
            debrief.participantIDs = participants
        }
        try v.throwIfInvalid()
        try debrief.validate()
    }

    private func requireFacilitation(_ debrief: Debrief, _ context: AuthenticatedContext) throws {
        guard debrief.canFacilitate(context.user) else {
            throw Problem.forbidden("Only the facilitator, a manager or an admin can change the debrief itself.")
        }
    }

    func requireContributor(_ debrief: Debrief, _ context: AuthenticatedContext) throws {
        guard debrief.canContribute(context.user) else {
            throw Problem.forbidden("Only the debrief's participants, managers and admins can add to it.")
        }
    }
}

/// The pulse is reported only in aggregate, and only once enough people answered that no single
/// answer can be picked out.
struct PulseReport: ResponseEncodable {
    static let minimumResponses = PulseSummary.minimumForReport

    let responses: Int
    let learnedSomething: Int?
    let wouldAttendAgain: Int?
    let minimumForReport: Int

    static func aggregate(_ summary: PulseSummary) -> PulseReport {
        let enough = summary.isReportable
        return PulseReport(
            responses: summary.responses, learnedSomething: enough ? summary.learnedSomething : nil,
            wouldAttendAgain: enough ? summary.wouldAttendAgain : nil, minimumForReport: minimumResponses)
    }
}
