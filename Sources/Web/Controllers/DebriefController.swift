import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The team debrief: the seven areas, each participant's perspective, the merged timeline, and the
/// meeting's life from scheduled to completed. Debriefs are visible to the whole team; a perspective
/// stays with its author until submitted.
struct DebriefController {
    let debriefs: Debriefs
    let coach: BlameCoach
    let clock: @Sendable () -> Date

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
        router.add(.createDebrief, use: open)
        router.add(.listDebriefs, use: list)
        router.add(.getDebrief, use: workspace)
        router.add(.updateDebrief, use: update)
        router.add(.startDebrief, use: start)
        router.add(.completeDebrief, use: complete)
        router.add(.revisitDebrief, use: revisit)
        router.add(.writePerspective, use: writePerspective)
        router.add(.submitPerspectives, use: submitPerspectives)
        router.add(.listTimeline, use: timeline)
        router.add(.addTimelineEntry, use: addTimelineEntry)
        router.add(.listTimelineProposals, use: proposals)
        router.add(.acceptTimelineProposals, use: acceptProposals)
        router.add(.updateTimelineEntry, use: editTimelineEntry)
        router.add(.getTimelineEntryHistory, use: timelineHistory)
        router.add(.escalateInteraction, use: escalate)
    }

    @Sendable func open(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<DebriefResponse> {
        let body = try await request.decodePatch(as: OpenRequest.self, context: context)
        let settings = Debriefs.Settings(
            title: body.field("title", body.value.title), facilitatorID: body.value.facilitatorId, participantIDs: body.value.participantIds,
            scheduledFor: body.field("scheduledFor", body.value.scheduledFor))
        let debrief = try await debriefs.open(deal: body.value.dealId, interaction: body.value.interactionId, settings: settings, by: context.user)
        return EditedResponse(status: .created, response: DebriefResponse(debrief, now: clock(), coach: coach))
    }

    /// A rep or a manager escalates a bad interaction into a team debrief. Escalating twice returns the same debrief.
    @Sendable func escalate(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<DebriefResponse> {
        let id = try context.parameters.id(as: InteractionID.self, what: "interaction")
        let (debrief, created) = try await debriefs.escalate(id, by: context.user)
        return EditedResponse(status: created ? .created : .ok, response: DebriefResponse(debrief, now: clock(), coach: coach))
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<DebriefResponse> {
        let query = QueryParameters(request)
        let now = clock()
        let filter = DebriefFilter(
            status: try query.value("status", as: DebriefStatus.self),
            participant: try query.bool("mine") == true ? context.user.id : nil,
            overdueAt: try query.bool("overdue") == true ? now : nil,
            accountID: try query.id("accountId"))
        let page = try await debriefs.list(for: context.user, filter: filter, page: try query.page())
        return ListResponse(page) { DebriefResponse($0, now: now, coach: coach) }
    }

    @Sendable func workspace(_ request: Request, context: AuthenticatedContext) async throws -> DebriefWorkspaceResponse {
        let workspace = try await debriefs.workspace(try id(context), for: context.user)
        let now = clock()
        return DebriefWorkspaceResponse(
            debrief: DebriefResponse(workspace.debrief, now: now, coach: coach),
            areas: DebriefArea.allCases.map { area in
                AreaResponse(
                    area: area, title: area.title, prompts: area.prompts,
                    perspectives: workspace.perspectives.filter { $0.area == area }.map { PerspectiveResponse($0, coach: coach) })
            },
            timeline: workspace.timeline.map { TimelineEntryResponse($0, coach: coach) },
            lessons: workspace.lessons.map { LessonResponse($0, coach: coach) },
            actions: workspace.actions.map { ActionItemResponse($0, now: now, coach: coach) },
            pulse: PulseReport.aggregate(workspace.pulse))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        let patch = try await request.decodePatch(as: Patch.self, context: context)
        let body = patch.value
        let settings = Debriefs.Settings(
            title: patch.field("title", body.title), facilitatorID: body.facilitatorId, participantIDs: body.participantIds,
            scheduledFor: patch.field("scheduledFor", body.scheduledFor), summary: patch.field("summary", body.summary),
            parkedIdeas: patch.field("parkedIdeas", body.parkedIdeas), concludedLossReason: patch.field("concludedLossReason", body.concludedLossReason))
        return DebriefResponse(try await debriefs.update(try id(context), settings, by: context.user), now: clock(), coach: coach)
    }

    @Sendable func start(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        DebriefResponse(try await debriefs.start(try id(context), by: context.user), now: clock(), coach: coach)
    }

    @Sendable func complete(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        DebriefResponse(try await debriefs.complete(try id(context), by: context.user), now: clock(), coach: coach)
    }

    @Sendable func revisit(_ request: Request, context: AuthenticatedContext) async throws -> DebriefResponse {
        DebriefResponse(try await debriefs.revisit(try id(context), by: context.user), now: clock(), coach: coach)
    }

    /// Saves my perspective on one area as a draft (private until submitted); the coach's suggestions come back with it.
    @Sendable func writePerspective(_ request: Request, context: AuthenticatedContext) async throws -> PerspectiveResponse {
        let id = try id(context)
        guard let rawArea = context.parameters.get("area"), let area = DebriefArea(rawValue: rawArea) else {
            throw DomainError.notFound("area (one of: \(DebriefArea.allowedValues))")
        }
        let body = try await request.decodeJSON(as: PerspectiveBody.self, context: context)
        return PerspectiveResponse(try await debriefs.writePerspective(body.text, area: area, in: id, by: context.user), coach: coach)
    }

    struct SubmitResponse: ResponseEncodable {
        let submitted: Int
    }

    @Sendable func submitPerspectives(_ request: Request, context: AuthenticatedContext) async throws -> SubmitResponse {
        SubmitResponse(submitted: try await debriefs.submitPerspectives(in: try id(context), by: context.user))
    }

    @Sendable func timeline(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let entries = try await debriefs.timeline(of: try id(context), for: context.user)
        return ListResponse(items: entries.map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func addTimelineEntry(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<TimelineEntryResponse> {
        let id = try id(context)
        let body = try await request.decodeJSON(as: TimelineBody.self, context: context)
        let draft = Debriefs.TimelineDraft(occurredAt: body.occurredAt, actor: body.actor, description: body.description, source: body.source)
        let entry = try await debriefs.addTimelineEntry(draft, to: id, by: context.user)
        return EditedResponse(status: .created, response: TimelineEntryResponse(entry, coach: coach))
    }

    /// Entries proposed from the failed deal's (or account's) interactions that are not on the timeline yet.
    @Sendable func proposals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let proposed = try await debriefs.proposals(for: try id(context), by: context.user)
        return ListResponse(items: proposed.map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func acceptProposals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineEntryResponse> {
        let id = try id(context)
        let body = try await request.decodeJSON(as: AcceptProposals.self, context: context)
        let accepted = try await debriefs.acceptProposals(body.interactionIds, for: id, by: context.user)
        return ListResponse(items: accepted.map { TimelineEntryResponse($0, coach: coach) }, nextOffset: nil)
    }

    @Sendable func editTimelineEntry(_ request: Request, context: AuthenticatedContext) async throws -> TimelineEntryResponse {
        let id = try id(context)
        let entryID = try context.parameters.id("entry", as: TimelineEntryID.self, what: "timeline entry")
        let patch = try await request.decodePatch(as: TimelineBody.self, context: context)
        // A key sent as null empties the field, which validation then refuses by name.
        let changes = Debriefs.TimelineDraft(
            occurredAt: patch.value.occurredAt, actor: patch.has("actor") ? patch.value.actor ?? "" : nil,
            description: patch.has("description") ? patch.value.description ?? "" : nil, source: patch.value.source)
        return TimelineEntryResponse(try await debriefs.editTimelineEntry(entryID, in: id, changes, by: context.user), coach: coach)
    }

    @Sendable func timelineHistory(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TimelineRevisionResponse> {
        let id = try id(context)
        let entryID = try context.parameters.id("entry", as: TimelineEntryID.self, what: "timeline entry")
        let revisions = try await debriefs.timelineHistory(entryID, in: id, for: context.user)
        return ListResponse(
            items: revisions.map {
                TimelineRevisionResponse(
                    editedById: $0.editedBy, editedAt: $0.editedAt, occurredAt: $0.occurredAt, actor: $0.actor, description: $0.description,
                    source: $0.source)
            }, nextOffset: nil)
    }

    func id(_ context: AuthenticatedContext) throws -> DebriefID {
        try context.parameters.id(as: DebriefID.self, what: "debrief")
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
