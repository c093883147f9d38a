import Domain
import Features
import Foundation
import Hummingbird

struct DebriefResponse: ResponseEncodable {
    let id: DebriefID
    let title: String
    let dealId: DealID?
    let interactionId: InteractionID?
    let accountId: AccountID?
    /// When the failure happened; the clock runs from here.
    let eventAt: Date
    let dueAt: Date
    let overdue: Bool
    let facilitatorId: MemberID
    let participantIds: [MemberID]
    let status: DebriefStatus
    let scheduledFor: Date?
    let startedAt: Date?
    let completedAt: Date?
    let summary: String?
    let parkedIdeas: String?
    /// The loss reason the team concluded (a key of `GET /team/loss-reasons`).
    let concludedLossReason: String?
    let soakRevisitAt: Date?
    let revisitedAt: Date?
    let createdAt: Date
    let updatedAt: Date
    /// Coach suggestions on the summary and parked ideas.
    let coach: [FieldCoaching]

    init(_ d: Debrief, now: Date, coach: BlameCoach) {
        id = d.id
        title = d.title
        switch d.event {
        case .deal(let deal): dealId = deal; interactionId = nil
        case .interaction(let interaction): dealId = nil; interactionId = interaction
        }
        accountId = d.accountID
        eventAt = d.eventAt
        dueAt = d.dueAt
        overdue = d.isOverdue(at: now)
        facilitatorId = d.facilitatorID
        participantIds = d.everyone
        status = d.status
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
        self.coach = FieldCoaching.review(["summary": d.summary, "parkedIdeas": d.parkedIdeas], coach: coach)
    }
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

struct PerspectiveResponse: ResponseEncodable {
    let id: PerspectiveID
    let authorId: MemberID
    let area: DebriefArea
    let text: String
    let submitted: Bool
    let submittedAt: Date?
    let updatedAt: Date
    let coach: [CoachFinding]

    init(_ p: Perspective, coach: BlameCoach) {
        id = p.id
        authorId = p.authorID
        area = p.area
        text = p.text
        submitted = p.isSubmitted
        submittedAt = p.submittedAt
        updatedAt = p.updatedAt
        self.coach = coach.review(p.text)
    }
}

/// One of the seven areas with its prompts and everyone's visible perspectives side by side.
struct AreaResponse: Encodable {
    let area: DebriefArea
    let title: String
    let prompts: [String]
    let perspectives: [PerspectiveResponse]
}

struct TimelineEntryResponse: ResponseEncodable {
    let id: TimelineEntryID
    let occurredAt: Date
    let actor: String
    let description: String
    let source: TimelineSource
    let interactionId: InteractionID?
    let createdById: MemberID
    let createdAt: Date
    let updatedAt: Date
    let coach: [CoachFinding]

    init(_ e: TimelineEntry, coach: BlameCoach) {
        id = e.id
        occurredAt = e.occurredAt
        actor = e.actor
        description = e.description
        source = e.source
        interactionId = e.interactionID
        createdById = e.createdByID
        createdAt = e.createdAt
        updatedAt = e.updatedAt
        self.coach = coach.review(e.description)
    }
}

struct TimelineRevisionResponse: Encodable {
    let editedById: MemberID
    let editedAt: Date
    let occurredAt: Date
    let actor: String
    let description: String
    let source: TimelineSource
}

struct LessonResponse: ResponseEncodable {
    let id: LessonID
    let debriefId: DebriefID?
    let text: String
    let tags: [String]
    let authorId: MemberID
    let createdAt: Date
    let updatedAt: Date
    let coach: [CoachFinding]

    init(_ l: Lesson, coach: BlameCoach) {
        id = l.id
        debriefId = l.debriefID
        text = l.text
        tags = l.tags
        authorId = l.authorID
        createdAt = l.createdAt
        updatedAt = l.updatedAt
        self.coach = coach.review(l.text)
    }
}

struct ActionItemResponse: ResponseEncodable {
    let id: ActionItemID
    let debriefId: DebriefID?
    let title: String
    let ownerId: MemberID
    let dueDate: String
    let status: ActionStatus
    let overdue: Bool
    let closedAt: Date?
    let createdById: MemberID
    let createdAt: Date
    let updatedAt: Date
    /// The coach flags fixes without a mechanism ("be more careful").
    let coach: [CoachFinding]

    init(_ a: ActionItem, now: Date, coach: BlameCoach) {
        id = a.id
        debriefId = a.debriefID
        title = a.title
        ownerId = a.ownerID
        dueDate = CalendarDay.format(a.dueDate)
        status = a.status
        overdue = a.isOverdue(at: now)
        closedAt = a.closedAt
        createdById = a.createdByID
        createdAt = a.createdAt
        updatedAt = a.updatedAt
        self.coach = coach.review(a.title)
    }
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
