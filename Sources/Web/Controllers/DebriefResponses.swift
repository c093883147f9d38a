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
        .init("id") { $0.id }, .init("title") { $0.title },
        .init("dealId", ifPresent: { debrief, _ in if case .deal(let id) = debrief.event { id } else { nil } }),
        .init("interactionId", ifPresent: { debrief, _ in if case .interaction(let id) = debrief.event { id } else { nil } }),
        // When the failure happened; the clock runs from here.
        .init("accountId") { $0.accountID }, .init("eventAt") { $0.eventAt }, .init("dueAt") { $0.dueAt },
        .init("overdue", { debrief, moment in debrief.isOverdue(at: moment.now) }), .init("facilitatorId") { $0.facilitatorID },
        .init("participantIds") { $0.everyone }, .init("status") { $0.status }, .init("scheduledFor") { $0.scheduledFor },
        .init("startedAt") { $0.startedAt },
        .init("completedAt") { $0.completedAt }, .init("summary") { $0.summary }, .init("parkedIdeas") { $0.parkedIdeas },
        // The loss reason the team concluded (a key of `GET /team/loss-reasons`).
        .init("concludedLossReason") { $0.concludedLossReason }, .init("soakRevisitAt") { $0.soakRevisitAt },
        .init("revisitedAt") { $0.revisitedAt },
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
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
        .init("id") { $0.id }, .init("authorId") { $0.authorID }, .init("area") { $0.area }, .init("text") { $0.text },
        .init("submitted") { $0.isSubmitted },
        .init("submittedAt") { $0.submittedAt }, .init("updatedAt") { $0.updatedAt },
        .init("coach", { perspective, coach in coach.review(perspective.text) }),
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
        .init("id") { $0.id }, .init("occurredAt") { $0.occurredAt }, .init("actor") { $0.actor }, .init("description") { $0.description },
        .init("source") { $0.source }, .init("interactionId") { $0.interactionID }, .init("createdById") { $0.createdByID },
        .init("createdAt") { $0.createdAt },
        .init("updatedAt") { $0.updatedAt }, .init("coach", { entry, coach in coach.review(entry.description) }),
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
        .init("id") { $0.id }, .init("debriefId") { $0.debriefID }, .init("text") { $0.text }, .init("tags") { $0.tags },
        .init("authorId") { $0.authorID },
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
        .init("coach", { lesson, coach in coach.review(lesson.text) }),
    ]
}

extension ActionItem: APIRepresentable {
    static let apiFields: [APIField<ActionItem, CoachedMoment>] = [
        .init("id") { $0.id }, .init("debriefId") { $0.debriefID }, .init("title") { $0.title }, .init("ownerId") { $0.ownerID },
        .init("dueDate", { action, _ in CalendarDay.format(action.dueDate) }), .init("status") { $0.status },
        .init("overdue", { action, moment in action.isOverdue(at: moment.now) }), .init("closedAt") { $0.closedAt },
        .init("createdById") { $0.createdByID }, .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
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
