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

typealias TeamResponse = APIValue<Team>
typealias MemberResponse = APIValue<Member>
typealias AccountResponse = APIValue<Account>
typealias QuestionResponse = APIValue<Question>
/// A deal, with the debrief this request opened when it made the deal a failure.
typealias DealResponse = APIValue<Deal>
/// An interaction, with the id of the reflection it owes its rep (only the id: the reflection may be private).
typealias InteractionResponse = APIValue<Interaction>
/// A reflection, its state as of now, and one field per `ReflectionPrompt` (absent when unanswered).
typealias ReflectionResponse = APIValue<Reflection>

extension Team: APIRepresentable {
    static let apiFields: [APIField<Team, Void>] = [.init("id", \.id), .init("name", \.name), .init("reviewPolicy", \.reviewPolicy), .init("createdAt", \.createdAt)]
}

extension Member: APIRepresentable {
    static let apiFields: [APIField<Member, Void>] = [
        .init("id", \.id), .init("teamId", \.teamID), .init("name", \.name), .init("email", \.email), .init("role", \.role),
        .init("expertise", \.expertise), .init("active", \.active), .init("createdAt", \.createdAt),
    ]
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

extension Account: APIRepresentable {
    static let apiFields: [APIField<Account, Void>] = [
        .init("id", \.id), .init("name", \.name), .init("industry", \.industry), .init("segment", \.segment), .init("crmId", \.crmID),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
    ]
}

extension Deal: APIRepresentable {
    /// The debrief the request opened, if it did.
    typealias APIContext = DebriefID?

    static let apiFields: [APIField<Deal, DebriefID?>] = [
        .init("id", \.id), .init("accountId", \.accountID), .init("name", \.name),
        .init("amount", ifPresent: { deal, _ in deal.value?.amount }), .init("currency", ifPresent: { deal, _ in deal.value?.currency }),
        .init("status", \.status), .init("lostReason", \.lostReason), .init("closeDate", ifPresent: { deal, _ in deal.closeDate.map(CalendarDay.format) }),
        .init("crmId", \.crmID), .init("ownerId", \.ownerID),
        // When the deal was lost or cancelled: the failure clock starts here.
        .init("failedAt", \.failedAt), .init("openedDebriefId", ifPresent: { _, opened in opened }),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
    ]
}

extension APIValue where Root == Deal {
    init(_ deal: Deal, openedDebrief: DebriefID? = nil) { self.init(deal, context: openedDebrief) }
}

extension Interaction: APIRepresentable {
    /// The reflection the interaction owes its rep.
    typealias APIContext = ReflectionID?

    static let apiFields: [APIField<Interaction, ReflectionID?>] = [
        .init("id", \.id), .init("accountId", \.accountID), .init("dealId", \.dealID), .init("repId", \.repID), .init("kind", \.kind),
        .init("occurredAt", \.occurredAt), .init("participants", \.participants), .init("outcome", \.outcome), .init("summary", \.summary),
        .init("followUpOfInteractionId", ifPresent: { interaction, _ in
            if case .interaction(let id)? = interaction.followUpOf { id } else { nil }
        }),
        .init("followUpOfDealId", ifPresent: { interaction, _ in
            if case .deal(let id)? = interaction.followUpOf { id } else { nil }
        }),
        // How the follow-up went: recovered, progressing, lost-for-good.
        .init("recovery", \.recovery), .init("reflectionId", ifPresent: { _, reflection in reflection }),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
    ]
}

extension APIValue where Root == Interaction {
    init(_ interaction: Interaction, reflectionID: ReflectionID?) { self.init(interaction, context: reflectionID) }
}

extension Question: APIRepresentable {
    // The reflection a question came from is not named: the reflection may be private.
    static let apiFields: [APIField<Question, Void>] = [
        .init("id", \.id), .init("debriefId", \.debriefID), .init("accountId", \.accountID), .init("inLibrary", \.inLibrary),
        .init("askedById", \.askedByID), .init("text", \.text), .init("topic", \.topic), .init("status", \.status), .init("answer", \.answer),
        .init("answeredById", \.answeredByID), .init("closedAt", \.closedAt), .init("createdAt", \.createdAt),
    ]
}

extension Reflection: APIRepresentable {
    /// The time now: whether the reflection is overdue depends on it.
    typealias APIContext = Date

    static let apiFields: [APIField<Reflection, Date>] = [
        .init("id", \.id), .init("interactionId", \.interactionID), .init("authorId", \.authorID), .init("outcome", \.outcome),
        .init("status", \.status), .init("dueAt", \.dueAt), .init("overdue", { reflection, now in reflection.isOverdue(at: now) }),
        .init("timeBoxMinutes", \.timeBoxMinutes), .init("deferred", \.isDeferred), .init("deferredAt", \.deferredAt),
        .init("shared", \.isShared), .init("sharedAt", \.sharedAt), .init("startedAt", \.startedAt), .init("completedAt", \.completedAt),
        .init("skippedAt", \.skippedAt),
        // Seconds from start to completion: the time actually spent reflecting.
        .init("timeSpentSeconds", ifPresent: { reflection, _ in reflection.timeSpent.map { Int($0.rounded()) } }),
        .init("questions", { reflection, _ in reflection.questions.map(QuestionResponse.init) }),
        .init("createdAt", \.createdAt), .init("updatedAt", \.updatedAt),
        // The answers sit beside the other fields, each under its prompt's name.
        .inline(\.notes),
    ]
}

extension APIValue where Root == Reflection {
    init(_ reflection: Reflection, now: Date) { self.init(reflection, context: now) }
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
