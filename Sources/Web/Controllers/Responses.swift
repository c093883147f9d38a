import Domain
import Features
import Foundation
import Hummingbird
import Storage

// What the API sends. Built from Domain values; storage models never reach JSON.

struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    let items: [Item]
    let nextOffset: Int?
}

extension ListResponse {
    init<Source: Sendable>(_ page: ListPage<Source>, _ transform: (Source) -> Item) {
        self.init(items: page.items.map(transform), nextOffset: page.nextOffset)
    }

    /// One page of a list that is small enough to read whole (a team's members, a member's sessions),
    /// with the same `limit`/`offset` rules as every other list.
    init(paging all: [Item], _ page: Paging) {
        let start = min(page.offset, all.count)
        let end = min(start + page.limit, all.count)
        self.init(items: Array(all[start..<end]), nextOffset: end < all.count ? end : nil)
    }
}

struct TeamResponse: ResponseEncodable {
    let id: TeamID
    let name: String
    let reviewPolicy: ReviewPolicy
    let createdAt: Date

    init(_ team: Team) {
        id = team.id
        name = team.name
        reviewPolicy = team.reviewPolicy
        createdAt = team.createdAt
    }
}

struct MemberResponse: ResponseEncodable {
    let id: MemberID
    let teamId: TeamID
    let name: String
    let email: String
    let role: Role
    let expertise: [String]
    let active: Bool
    let createdAt: Date

    init(_ member: Member) {
        id = member.id
        teamId = member.teamID
        name = member.name
        email = member.email
        role = member.role
        expertise = member.expertise
        active = member.active
        createdAt = member.createdAt
    }
}

struct SessionResponse: ResponseEncodable {
    /// The bearer token. Shown once: only its hash is stored.
    let token: String
    let member: MemberResponse
}

struct SetupResponse: ResponseEncodable {
    let team: TeamResponse
    let member: MemberResponse
    let token: String
}

struct TokenResponse: ResponseEncodable {
    let id: AccessTokenID
    let createdAt: Date
    let revokedAt: Date?
    let current: Bool
}

struct AccountResponse: ResponseEncodable {
    let id: AccountID
    let name: String
    let industry: String?
    let segment: String?
    let crmId: String?
    let createdAt: Date
    let updatedAt: Date

    init(_ a: Account) {
        id = a.id
        name = a.name
        industry = a.industry
        segment = a.segment
        crmId = a.crmID
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }
}

struct DealResponse: ResponseEncodable {
    let id: DealID
    let accountId: AccountID
    let name: String
    let amount: Decimal?
    let currency: String?
    let status: DealStatus
    let lostReason: String?
    let closeDate: String?
    let crmId: String?
    let ownerId: MemberID?
    /// When the deal was lost or cancelled: the failure clock starts here.
    let failedAt: Date?
    /// Set when this request made the deal a failure event and so opened a debrief.
    let openedDebriefId: DebriefID?
    let createdAt: Date
    let updatedAt: Date

    init(_ d: Deal, openedDebrief: DebriefID? = nil) {
        openedDebriefId = openedDebrief
        id = d.id
        accountId = d.accountID
        name = d.name
        amount = d.value?.amount
        currency = d.value?.currency
        status = d.status
        lostReason = d.lostReason
        closeDate = d.closeDate.map(CalendarDay.format)
        crmId = d.crmID
        ownerId = d.ownerID
        failedAt = d.failedAt
        createdAt = d.createdAt
        updatedAt = d.updatedAt
    }
}

struct InteractionResponse: ResponseEncodable {
    let id: InteractionID
    let accountId: AccountID
    let dealId: DealID?
    let repId: MemberID
    let kind: InteractionKind
    let occurredAt: Date
    let participants: [String]
    let outcome: Outcome
    let summary: String?
    let followUpOfInteractionId: InteractionID?
    let followUpOfDealId: DealID?
    /// How the follow-up went: recovered, progressing, lost-for-good.
    let recovery: RecoveryStatus?
    /// The reflection this interaction owes its rep. Only the id: the reflection itself may be private.
    let reflectionId: ReflectionID?
    let createdAt: Date
    let updatedAt: Date

    init(_ i: Interaction, reflectionID: ReflectionID?) {
        id = i.id
        accountId = i.accountID
        dealId = i.dealID
        repId = i.repID
        kind = i.kind
        occurredAt = i.occurredAt
        participants = i.participants
        outcome = i.outcome
        summary = i.summary
        switch i.followUpOf {
        case .interaction(let id)?: followUpOfInteractionId = id; followUpOfDealId = nil
        case .deal(let id)?: followUpOfDealId = id; followUpOfInteractionId = nil
        case nil: followUpOfInteractionId = nil; followUpOfDealId = nil
        }
        recovery = i.recovery
        reflectionId = reflectionID
        createdAt = i.createdAt
        updatedAt = i.updatedAt
    }
}

struct QuestionResponse: ResponseEncodable {
    let id: QuestionID
    let debriefId: DebriefID?
    let accountId: AccountID?
    let inLibrary: Bool
    let askedById: MemberID
    let text: String
    let topic: String?
    let status: QuestionStatus
    let answer: String?
    let answeredById: MemberID?
    let closedAt: Date?
    let createdAt: Date

    init(_ q: Question) {
        id = q.id
        // The reflection a question came from is not named: the reflection may be private.
        debriefId = q.debriefID
        accountId = q.accountID
        inLibrary = q.inLibrary
        askedById = q.askedByID
        text = q.text
        topic = q.topic
        status = q.status
        answer = q.answer
        answeredById = q.answeredByID
        closedAt = q.closedAt
        createdAt = q.createdAt
    }
}

/// A reflection as the API shows it: its state, and one field per `ReflectionPrompt` (absent when
/// unanswered) at the top level.
struct ReflectionResponse: ResponseEncodable {
    let id: ReflectionID
    let interactionId: InteractionID
    let authorId: MemberID
    let outcome: Outcome
    let status: ReflectionStatus
    let dueAt: Date
    let overdue: Bool
    let timeBoxMinutes: Int
    let deferred: Bool
    let deferredAt: Date?
    let shared: Bool
    let sharedAt: Date?
    let startedAt: Date?
    let completedAt: Date?
    let skippedAt: Date?
    /// Seconds from start to completion: the time actually spent reflecting.
    let timeSpentSeconds: Int?
    let notes: ReflectionNotes
    let questions: [QuestionResponse]
    let createdAt: Date
    let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, interactionId, authorId, outcome, status, dueAt, overdue, timeBoxMinutes, deferred, deferredAt, shared, sharedAt
        case startedAt, completedAt, skippedAt, timeSpentSeconds, questions, createdAt, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(interactionId, forKey: .interactionId)
        try c.encode(authorId, forKey: .authorId)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(status, forKey: .status)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(overdue, forKey: .overdue)
        try c.encode(timeBoxMinutes, forKey: .timeBoxMinutes)
        try c.encode(deferred, forKey: .deferred)
        try c.encodeIfPresent(deferredAt, forKey: .deferredAt)
        try c.encode(shared, forKey: .shared)
        try c.encodeIfPresent(sharedAt, forKey: .sharedAt)
        try c.encodeIfPresent(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(completedAt, forKey: .completedAt)
        try c.encodeIfPresent(skippedAt, forKey: .skippedAt)
        try c.encodeIfPresent(timeSpentSeconds, forKey: .timeSpentSeconds)
        try c.encode(questions, forKey: .questions)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        // The answers sit beside the other fields, each under its prompt's name.
        try notes.encode(to: encoder)
    }

    init(_ r: Reflection, now: Date) {
        id = r.id
        interactionId = r.interactionID
        authorId = r.authorID
        outcome = r.outcome
        status = r.status
        dueAt = r.dueAt
        overdue = r.isOverdue(at: now)
        timeBoxMinutes = r.timeBoxMinutes
        deferred = r.isDeferred
        deferredAt = r.deferredAt
        shared = r.isShared
        sharedAt = r.sharedAt
        startedAt = r.startedAt
        completedAt = r.completedAt
        skippedAt = r.skippedAt
        timeSpentSeconds = r.timeSpent.map { Int($0.rounded()) }
        notes = r.notes
        questions = r.questions.map(QuestionResponse.init)
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

struct RevisionResponse: ResponseEncodable {
    let editedById: MemberID
    let editedAt: Date
    let previous: ReflectionNotes
}

/// A calendar day (`2026-11-30`), used for close dates: no time, no time zone.
enum CalendarDay {
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: y, month: m, day: d)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }

    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
