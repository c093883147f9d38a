import Domain
import Foundation

struct TimelineEntryRow: TableRow {
    static let table = "timeline_entries"

    var id: UUID
    var teamID: UUID
    var debriefID: UUID
    var occurredAt: Date
    var actor: String
    var description: String
    var source: String
    var interactionID: UUID?
    var createdByID: UUID
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, actor, description, source
        case teamID = "team_id", debriefID = "debrief_id", occurredAt = "occurred_at", interactionID = "interaction_id"
        case createdByID = "created_by_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ e: TimelineEntry) {
        id = e.id.rawValue
        teamID = e.teamID.rawValue
        debriefID = e.debriefID.rawValue
        occurredAt = e.occurredAt
        actor = e.actor
        description = e.description
        source = e.source.rawValue
        interactionID = e.interactionID?.rawValue
        createdByID = e.createdByID.rawValue
        createdAt = e.createdAt
        updatedAt = e.updatedAt
    }

    func domain() throws -> TimelineEntry {
        TimelineEntry(
            id: TimelineEntryID(id), teamID: TeamID(teamID), debriefID: DebriefID(debriefID), occurredAt: occurredAt, actor: actor,
            description: description, source: try decode(TimelineSource.self, source), interactionID: interactionID.map { InteractionID($0) },
            createdByID: MemberID(createdByID), createdAt: createdAt, updatedAt: updatedAt)
    }
}
