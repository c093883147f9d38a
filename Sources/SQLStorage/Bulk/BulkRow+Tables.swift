import Domain
import Foundation

// The bulk shape of each table that bulk writes insert. The column lists follow the coding keys of
// each row type (its `Encodable` conformance writes every key, nil as NULL).

extension AccountRow: BulkRow {
    static let columns = ["id", "team_id", "name", "industry", "segment", "crm_id", "created_at", "updated_at"]

    func append(to values: inout [BulkValue]) {
        values += [.uuid(id), .uuid(teamID), .text(name), industry.bulk, segment.bulk, crmID.bulk, .date(createdAt), .date(updatedAt)]
    }
}

extension DealRow: BulkRow {
    static let columns = [
        "id", "team_id", "account_id", "name", "amount_minor", "currency", "status", "lost_reason", "close_date", "crm_id", "owner_id",
        "failed_at", "created_at", "updated_at",
    ]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), .uuid(accountID), .text(name), amountMinor.bulk, currency.bulk, .text(status), lostReason.bulk,
            closeDate.bulk, crmID.bulk, ownerID.bulk, failedAt.bulk, .date(createdAt), .date(updatedAt),
        ]
    }
}

extension InteractionRow: BulkRow {
    static let columns = [
        "id", "team_id", "account_id", "deal_id", "rep_id", "kind", "occurred_at", "participants", "outcome", "summary",
        "follow_up_of_interaction_id", "follow_up_of_deal_id", "recovery", "created_at", "updated_at",
    ]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), .uuid(accountID), dealID.bulk, .uuid(repID), .text(kind), .date(occurredAt), .texts(participants),
            .text(outcome), summary.bulk, followUpOfInteractionID.bulk, followUpOfDealID.bulk, recovery.bulk, .date(createdAt),
            .date(updatedAt),
        ]
    }
}

extension ReflectionRow: BulkRow {
    static let columns = [
        "id", "team_id", "interaction_id", "author_id", "outcome", "status", "due_at", "time_box_minutes", "deferred_at", "shared_at",
        "started_at", "completed_at", "skipped_at", "created_at", "updated_at",
    ] + ReflectionPrompt.allCases.map(\.column)

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), .uuid(interactionID), .uuid(authorID), .text(outcome), .text(status), .date(dueAt),
            .integer(Int64(timeBoxMinutes)), deferredAt.bulk, sharedAt.bulk, startedAt.bulk, completedAt.bulk, skippedAt.bulk,
            .date(createdAt), .date(updatedAt),
        ]
        for prompt in ReflectionPrompt.allCases { values.append(notes[prompt].bulk) }
    }
}

extension DebriefRow: BulkRow {
    static let columns = [
        "id", "team_id", "deal_id", "interaction_id", "account_id", "title", "event_at", "due_at", "facilitator_id", "status",
        "scheduled_for", "started_at", "completed_at", "summary", "parked_ideas", "concluded_loss_reason", "soak_revisit_at",
        "revisited_at", "created_at", "updated_at",
    ]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), dealID.bulk, interactionID.bulk, accountID.bulk, .text(title), .date(eventAt), .date(dueAt),
            .uuid(facilitatorID), .text(status), scheduledFor.bulk, startedAt.bulk, completedAt.bulk, summary.bulk, parkedIdeas.bulk,
            concludedLossReason.bulk, soakRevisitAt.bulk, revisitedAt.bulk, .date(createdAt), .date(updatedAt),
        ]
    }
}

extension DebriefParticipantRow: BulkRow {
    static let columns = ["id", "debrief_id", "member_id", "position"]

    func append(to values: inout [BulkValue]) {
        values += [.uuid(id), .uuid(debriefID), .uuid(memberID), .integer(Int64(position))]
    }
}

extension QuestionRow: BulkRow {
    static let columns = [
        "id", "team_id", "reflection_id", "debrief_id", "account_id", "in_library", "asked_by_id", "text", "topic", "status", "answer",
        "answered_by_id", "closed_at", "created_at",
    ]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), reflectionID.bulk, debriefID.bulk, accountID.bulk, .bool(inLibrary), .uuid(askedByID), .text(text),
            topic.bulk, .text(status), answer.bulk, answeredByID.bulk, closedAt.bulk, .date(createdAt),
        ]
    }
}

extension LessonRow: BulkRow {
    static let columns = ["id", "team_id", "debrief_id", "text", "tags", "tag_index", "author_id", "created_at", "updated_at"]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), debriefID.bulk, .text(text), .texts(tags), .text(tagIndex), .uuid(authorID), .date(createdAt),
            .date(updatedAt),
        ]
    }
}

extension SearchDocumentRow: BulkRow {
    static let columns = ["id", "team_id", "kind", "ref_id", "private_to", "title", "body", "account_id", "debrief_id", "updated_at"]

    func append(to values: inout [BulkValue]) {
        values += [
            .uuid(id), .uuid(teamID), .text(kind), .uuid(refID), privateTo.bulk, .text(title), .text(body), accountID.bulk, debriefID.bulk,
            .date(updatedAt),
        ]
    }
}
