import Domain
import Foundation

/// A debrief as stored. Its failure event is one of two columns, `deal_id` or `interaction_id`
/// (each unique: one debrief per event); its participants are rows of `debrief_participants`.
struct DebriefRow: TableRow {
    static let table = "debriefs"

    var id: UUID
    var teamID: UUID
    var dealID: UUID?
    var interactionID: UUID?
    var accountID: UUID?
    var title: String
    var eventAt: Date
    var dueAt: Date
    var facilitatorID: UUID
    var status: String
    var scheduledFor: Date?
    var startedAt: Date?
    var completedAt: Date?
    var summary: String?
    var parkedIdeas: String?
    var concludedLossReason: String?
    var soakRevisitAt: Date?
    var revisitedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, status, summary
        case teamID = "team_id", dealID = "deal_id", interactionID = "interaction_id", accountID = "account_id"
        case eventAt = "event_at", dueAt = "due_at", facilitatorID = "facilitator_id", scheduledFor = "scheduled_for"
        case startedAt = "started_at", completedAt = "completed_at", parkedIdeas = "parked_ideas"
        case concludedLossReason = "concluded_loss_reason", soakRevisitAt = "soak_revisit_at", revisitedAt = "revisited_at"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ d: Debrief) {
        id = d.id.rawValue
        teamID = d.teamID.rawValue
        switch d.event {
        case .deal(let deal): dealID = deal.rawValue
        case .interaction(let interaction): interactionID = interaction.rawValue
        }
        accountID = d.accountID?.rawValue
        title = d.title
        eventAt = d.eventAt
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
        createdAt = d.createdAt
        updatedAt = d.updatedAt
    }

    /// The failure event: the deal if set, else the interaction.
    func event() throws -> FailureEvent {
        if let dealID { return .deal(DealID(dealID)) }
        if let interactionID { return .interaction(InteractionID(interactionID)) }
        throw StorageError.corruptValue("FailureEvent", "neither deal nor interaction")
    }

    /// The participants, in order, are read from `debrief_participants` by the caller.
    func domain(participants: [MemberID]) throws -> Debrief {
        var debrief = Debrief(
            id: DebriefID(id), teamID: TeamID(teamID), event: try event(), accountID: accountID.map { AccountID($0) }, title: title,
            eventAt: eventAt, dueAt: dueAt, facilitatorID: MemberID(facilitatorID), participantIDs: participants,
            status: try decode(DebriefStatus.self, status), scheduledFor: scheduledFor, startedAt: startedAt, completedAt: completedAt,
            summary: summary, parkedIdeas: parkedIdeas, soakRevisitAt: soakRevisitAt, revisitedAt: revisitedAt, createdAt: createdAt,
            updatedAt: updatedAt)
        debrief.concludedLossReason = concludedLossReason
        return debrief
    }
}
