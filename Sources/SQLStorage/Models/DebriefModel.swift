import Domain
import FluentKit
import Foundation

final class DebriefModel: Model, @unchecked Sendable {
    static let schema = "debriefs"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @OptionalField(key: "deal_id") var dealID: UUID?
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @OptionalField(key: "account_id") var accountID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "event_at") var eventAt: Date
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "facilitator_id") var facilitatorID: UUID
    @Field(key: "status") var status: String
    @OptionalField(key: "scheduled_for") var scheduledFor: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "summary") var summary: String?
    @OptionalField(key: "parked_ideas") var parkedIdeas: String?
    @OptionalField(key: "concluded_loss_reason") var concludedLossReason: String?
    @OptionalField(key: "soak_revisit_at") var soakRevisitAt: Date?
    @OptionalField(key: "revisited_at") var revisitedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ d: Debrief) {
        id = d.id.rawValue
        teamID = d.teamID.rawValue
        switch d.event {
        case .deal(let deal): dealID = deal.rawValue
        case .interaction(let interaction): interactionID = interaction.rawValue
        }
        eventAt = d.eventAt
        createdAt = d.createdAt
        apply(d)
    }

    func apply(_ d: Debrief) {
        accountID = d.accountID?.rawValue
        title = d.title
        dueAt = d.dueAt
        facilitatorID = d.facilitatorID.rawValue
        status = d.status.rawValue
        scheduledFor = d.scheduledFor
        startedAt = d.startedAt
        completedAt = d.completedAt
        summary = d.summary
        parkedIdeas = d.parkedIdeas
        concludedLossReason = d.concludedLossReason
        soakRevisitAt = d.soakRevisitAt
        revisitedAt = d.revisitedAt
        updatedAt = d.updatedAt
    }

    func domain(participants: [MemberID]) throws -> Debrief {
        let event: FailureEvent
        if let dealID { event = .deal(DealID(dealID)) } else if let interactionID { event = .interaction(InteractionID(interactionID)) } else {
            throw StorageError.corruptValue("FailureEvent", "neither deal nor interaction")
        }
        var debrief = Debrief(
            id: DebriefID(id!), teamID: TeamID(teamID), event: event, accountID: accountID.map { AccountID($0) }, title: title,
            eventAt: eventAt, dueAt: dueAt, facilitatorID: MemberID(facilitatorID), participantIDs: participants,
            status: try decode(DebriefStatus.self, status), scheduledFor: scheduledFor, startedAt: startedAt, completedAt: completedAt,
            summary: summary, parkedIdeas: parkedIdeas, soakRevisitAt: soakRevisitAt, revisitedAt: revisitedAt, createdAt: createdAt,
            updatedAt: updatedAt)
        debrief.concludedLossReason = concludedLossReason
        return debrief
    }
}

final class DebriefParticipantModel: Model, @unchecked Sendable {
    static let schema = "debrief_participants"

    @ID(key: .id) var id: UUID?
    @Field(key: "debrief_id") var debriefID: UUID
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "position") var position: Int

    init() {}

    init(debrief: DebriefID, member: MemberID, position: Int) {
        id = UUID()
        debriefID = debrief.rawValue
        memberID = member.rawValue
        self.position = position
    }
}

final class PerspectiveModel: Model, @unchecked Sendable {
    static let schema = "perspectives"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "debrief_id") var debriefID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "area") var area: String
    @Field(key: "text") var text: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ p: Perspective) {
        id = p.id.rawValue
        teamID = p.teamID.rawValue
        debriefID = p.debriefID.rawValue
        authorID = p.authorID.rawValue
        area = p.area.rawValue
        createdAt = p.createdAt
        apply(p)
    }

    func apply(_ p: Perspective) {
        text = p.text
        submittedAt = p.submittedAt
        updatedAt = p.updatedAt
    }

    func domain() throws -> Perspective {
        Perspective(
            id: PerspectiveID(id!), teamID: TeamID(teamID), debriefID: DebriefID(debriefID), authorID: MemberID(authorID),
            area: try decode(DebriefArea.self, area), text: text, submittedAt: submittedAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class TimelineEntryModel: Model, @unchecked Sendable {
    static let schema = "timeline_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "debrief_id") var debriefID: UUID
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @Field(key: "description") var description: String
    @Field(key: "source") var source: String
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ e: TimelineEntry) {
        id = e.id.rawValue
        teamID = e.teamID.rawValue
        debriefID = e.debriefID.rawValue
        interactionID = e.interactionID?.rawValue
        createdByID = e.createdByID.rawValue
        createdAt = e.createdAt
        apply(e)
    }

    func apply(_ e: TimelineEntry) {
        occurredAt = e.occurredAt
        actor = e.actor
        description = e.description
        source = e.source.rawValue
        updatedAt = e.updatedAt
    }

    func domain() throws -> TimelineEntry {
        TimelineEntry(
            id: TimelineEntryID(id!), teamID: TeamID(teamID), debriefID: DebriefID(debriefID), occurredAt: occurredAt, actor: actor,
            description: description, source: try decode(TimelineSource.self, source), interactionID: interactionID.map { InteractionID($0) },
            createdByID: MemberID(createdByID), createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class TimelineRevisionModel: Model, @unchecked Sendable {
    static let schema = "timeline_revisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "entry_id") var entryID: UUID
    @Field(key: "edited_by") var editedBy: UUID
    @Field(key: "edited_at") var editedAt: Date
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @Field(key: "description") var description: String
    @Field(key: "source") var source: String

    init() {}

    init(_ r: TimelineRevision) {
        id = UUID()
        entryID = r.entryID.rawValue
        editedBy = r.editedBy.rawValue
        editedAt = r.editedAt
        occurredAt = r.occurredAt
        actor = r.actor
        description = r.description
        source = r.source.rawValue
    }

    func domain() throws -> TimelineRevision {
        TimelineRevision(
            entryID: TimelineEntryID(entryID), editedBy: MemberID(editedBy), editedAt: editedAt, occurredAt: occurredAt, actor: actor,
            description: description, source: try decode(TimelineSource.self, source))
    }
}
