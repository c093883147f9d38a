import Domain
import Features
import Foundation
import Hummingbird

typealias DebriefResponse = APIValue<Debrief>
typealias PerspectiveResponse = APIValue<Perspective>
typealias TimelineEntryResponse = APIValue<TimelineEntry>
typealias LessonResponse = APIValue<Lesson>
typealias ActionItemResponse = APIValue<ActionItem>

/// What a debrief's or an action item's response needs besides the value: overdue is as of now, and
/// the coach reviews its text.
struct CoachedMoment: Sendable {
    let now: Date
    let coach: BlameCoach
}

extension Debrief: APIRepresentable {
    static let apiFields: [APIField<Debrief, CoachedMoment>] = [
        .init("id", \.id), .init("title", \.title),
        .init("dealId", ifPresent: { debrief, _ in if case .deal(let id) = debrief.event { id } else { nil } }),
        .init("interactionId", ifPresent: { debrief, _ in if case .interaction(let id) = debrief.event { id } else { nil } }),
        // When the failure happened; the clock runs from here.
        .init("accountId", \.accountID), .init("eventAt", \.eventAt), .init("dueAt", \.dueAt),
        .init("overdue", { debrief, moment in debrief.isOverdue(at: moment.now) }), .init("facilitatorId", \.facilitatorID),
        .init("participantIds", \.everyone), .init("status", \.status), .init("scheduledFor", \.scheduledFor), .init("startedAt", \.startedAt),
        .init("completedAt", \.completedAt), .init("summary", \.summary), .init("parkedIdeas", \.parkedIdeas),
        // The loss reason the team concluded (a key of `GET /team/loss-reasons`).
        .init("concludedLossReason", \.concludedLossReason), .init("soakRevisitAt", \.soakRevisitAt), .init("revisitedAt", \.revisitedAt),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
        // Coach suggestions on the summary and parked ideas.
        .init("coach", { debrief, moment in FieldCoaching.review(["summary": debrief.summary, "parkedIdeas": debrief.parkedIdeas], coach: moment.coach) }),
    ]
}

extension APIValue where Root == Debrief {
    init(_ debrief: Debrief, now: Date, coach: BlameCoach) { self.init(debrief, context: CoachedMoment(now: now, coach: coach)) }
}

/// Coach findings for one text field.
struct FieldCoaching: Encodable {
    let field: String
    let findings: [CoachFinding]

    static func review(_ fields: [String: String?], coach: BlameCoach) -> [FieldCoaching] {
        fields.keys.sorted().compactMap { key in
            guard let text = fields[key] ?? nil else { return nil }
            let findings = coach.review(text)
            return findings.isEmpty ? nil : FieldCoaching(field: key, findings: findings)
        }
    }
}

extension Perspective: APIRepresentable {
    static let apiFields: [APIField<Perspective, BlameCoach>] = [
        .init("id", \.id), .init("authorId", \.authorID), .init("area", \.area), .init("text", \.text), .init("submitted", \.isSubmitted),
        .init("submittedAt", \.submittedAt), .init("updatedAt", \.updatedAt), .init("coach", { perspective, coach in coach.review(perspective.text) }),
    ]
}

extension APIValue where Root.APIContext == BlameCoach {
    init(_ value: Root, coach: BlameCoach) { self.init(value, context: coach) }
}

/// One of the seven areas with its prompts and everyone's visible perspectives side by side.
struct AreaResponse: Encodable {
    let area: DebriefArea
    let title: String
    let prompts: [String]
    let perspectives: [PerspectiveResponse]
}

extension TimelineEntry: APIRepresentable {
    static let apiFields: [APIField<TimelineEntry, BlameCoach>] = [
        .init("id", \.id), .init("occurredAt", \.occurredAt), .init("actor", \.actor), .init("description", \.description),
        .init("source", \.source), .init("interactionId", \.interactionID), .init("createdById", \.createdByID), .init("createdAt", \.createdAt),
        .init("updatedAt", \.updatedAt), .init("coach", { entry, coach in coach.review(entry.description) }),
    ]
}

struct TimelineRevisionResponse: Encodable {
    let editedById: MemberID
    let editedAt: Date
    let occurredAt: Date
    let actor: String
    let description: String
    let source: TimelineSource
}

extension Lesson: APIRepresentable {
    static let apiFields: [APIField<Lesson, BlameCoach>] = [
        .init("id", \.id), .init("debriefId", \.debriefID), .init("text", \.text), .init("tags", \.tags), .init("authorId", \.authorID),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt), .init("coach", { lesson, coach in coach.review(lesson.text) }),
    ]
}

extension ActionItem: APIRepresentable {
    static let apiFields: [APIField<ActionItem, CoachedMoment>] = [
        .init("id", \.id), .init("debriefId", \.debriefID), .init("title", \.title), .init("ownerId", \.ownerID),
        .init("dueDate", { action, _ in CalendarDay.format(action.dueDate) }), .init("status", \.status),
        .init("overdue", { action, moment in action.isOverdue(at: moment.now) }), .init("closedAt", \.closedAt),
        .init("createdById", \.createdByID), .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
        // The coach flags fixes without a mechanism ("be more careful").
        .init("coach", { action, moment in moment.coach.review(action.title) }),
    ]
}

extension APIValue where Root == ActionItem {
    init(_ action: ActionItem, now: Date, coach: BlameCoach) { self.init(action, context: CoachedMoment(now: now, coach: coach)) }
}

struct DebriefWorkspaceResponse: ResponseEncodable {
    let debrief: DebriefResponse
    let areas: [AreaResponse]
    let timeline: [TimelineEntryResponse]
    let lessons: [LessonResponse]
    let actions: [ActionItemResponse]
    let pulse: PulseReport
}

struct CoachResponse: ResponseEncodable {
    let findings: [CoachFinding]
}
