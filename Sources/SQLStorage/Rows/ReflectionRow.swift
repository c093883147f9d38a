import Domain
import Foundation
import Storage

struct ReflectionRow: TableRow {
    static let table = "reflections"

    var id: UUID
    var teamID: UUID
    var interactionID: UUID
    var authorID: UUID
    var outcome: String
    var status: String
    var dueAt: Date
    var timeBoxMinutes: Int
    var deferredAt: Date?
    var sharedAt: Date?
    var startedAt: Date?
    var completedAt: Date?
    var skippedAt: Date?
    var notes: ReflectionNotes
    var createdAt: Date
    var updatedAt: Date

    init(_ r: Reflection) {
        id = r.id.rawValue
        teamID = r.teamID.rawValue
        interactionID = r.interactionID.rawValue
        authorID = r.authorID.rawValue
        outcome = r.outcome.rawValue
        status = r.status.rawValue
        dueAt = r.dueAt
        timeBoxMinutes = r.timeBoxMinutes
        deferredAt = r.deferredAt
        sharedAt = r.sharedAt
        startedAt = r.startedAt
        completedAt = r.completedAt
        skippedAt = r.skippedAt
        notes = r.notes
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }

    func domain(questions: [Question] = []) throws -> Reflection {
        Reflection(
            id: ReflectionID(id), teamID: TeamID(teamID), interactionID: InteractionID(interactionID), authorID: MemberID(authorID),
            outcome: try decode(Outcome.self, outcome), status: try decode(ReflectionStatus.self, status), dueAt: dueAt,
            timeBoxMinutes: timeBoxMinutes, deferredAt: deferredAt, sharedAt: sharedAt, startedAt: startedAt, completedAt: completedAt,
            skippedAt: skippedAt, notes: notes, questions: questions, createdAt: createdAt, updatedAt: updatedAt)
    }

    enum Column: String, CodingKey {
        case id, outcome, status
        case teamID = "team_id", interactionID = "interaction_id", authorID = "author_id", dueAt = "due_at"
        case timeBoxMinutes = "time_box_minutes", deferredAt = "deferred_at", sharedAt = "shared_at", startedAt = "started_at"
        case completedAt = "completed_at", skippedAt = "skipped_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Column.self)
        id = try c.decode(UUID.self, forKey: .id)
        teamID = try c.decode(UUID.self, forKey: .teamID)
        interactionID = try c.decode(UUID.self, forKey: .interactionID)
        authorID = try c.decode(UUID.self, forKey: .authorID)
        outcome = try c.decode(String.self, forKey: .outcome)
        status = try c.decode(String.self, forKey: .status)
        dueAt = try c.decode(Date.self, forKey: .dueAt)
        timeBoxMinutes = try c.decode(Int.self, forKey: .timeBoxMinutes)
        deferredAt = try c.decodeIfPresent(Date.self, forKey: .deferredAt)
        sharedAt = try c.decodeIfPresent(Date.self, forKey: .sharedAt)
        startedAt = try c.decodeIfPresent(Date.self, forKey: .startedAt)
        completedAt = try c.decodeIfPresent(Date.self, forKey: .completedAt)
        skippedAt = try c.decodeIfPresent(Date.self, forKey: .skippedAt)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
        notes = try ReflectionNotes(columns: try decoder.container(keyedBy: ColumnKey.self))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Column.self)
        try c.encode(id, forKey: .id)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(interactionID, forKey: .interactionID)
        try c.encode(authorID, forKey: .authorID)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(status, forKey: .status)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(timeBoxMinutes, forKey: .timeBoxMinutes)
        try c.encode(deferredAt, forKey: .deferredAt)
        try c.encode(sharedAt, forKey: .sharedAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(skippedAt, forKey: .skippedAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        var columns = encoder.container(keyedBy: ColumnKey.self)
        try notes.encode(columns: &columns)
    }
}

struct ReflectionRevisionRow: TableRow {
    static let table = "reflection_revisions"

    var id: UUID
    var reflectionID: UUID
    var editedBy: UUID
    var editedAt: Date
    var notes: ReflectionNotes

    init(_ revision: ReflectionRevision, id: UUID = UUID()) {
        self.id = id
        reflectionID = revision.reflectionID.rawValue
        editedBy = revision.editedBy.rawValue
        editedAt = revision.editedAt
        notes = revision.notes
    }

    func domain() -> ReflectionRevision {
        ReflectionRevision(reflectionID: ReflectionID(reflectionID), editedBy: MemberID(editedBy), editedAt: editedAt, notes: notes)
    }

    enum Column: String, CodingKey {
        case id, reflectionID = "reflection_id", editedBy = "edited_by", editedAt = "edited_at"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Column.self)
        id = try c.decode(UUID.self, forKey: .id)
        reflectionID = try c.decode(UUID.self, forKey: .reflectionID)
        editedBy = try c.decode(UUID.self, forKey: .editedBy)
        editedAt = try c.decode(Date.self, forKey: .editedAt)
        notes = try ReflectionNotes(columns: try decoder.container(keyedBy: ColumnKey.self))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Column.self)
        try c.encode(id, forKey: .id)
        try c.encode(reflectionID, forKey: .reflectionID)
        try c.encode(editedBy, forKey: .editedBy)
        try c.encode(editedAt, forKey: .editedAt)
        var columns = encoder.container(keyedBy: ColumnKey.self)
        try notes.encode(columns: &columns)
    }
}
