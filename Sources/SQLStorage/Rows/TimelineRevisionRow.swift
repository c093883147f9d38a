import Domain
import Foundation

/// A timeline entry as it was before an edit; the Domain revision has no id of its own.
struct TimelineRevisionRow: TableRow {
    static let table = "timeline_revisions"

    var id: UUID
    var entryID: UUID
    var editedBy: UUID
    var editedAt: Date
    var occurredAt: Date
    var actor: String
    var description: String
    var source: String

    enum CodingKeys: String, CodingKey {
        case id, actor, description, source
        case entryID = "entry_id", editedBy = "edited_by", editedAt = "edited_at", occurredAt = "occurred_at"
    }

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
