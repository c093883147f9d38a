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
    static let apiFields: [APIField<Team, Void>] = [
        .init("id") { $0.id }, .init("name") { $0.name }, .init("reviewPolicy") { $0.reviewPolicy }, .init("timeZone") { $0.timeZone },
        .init("createdAt") { $0.createdAt },
    ]
}

extension Member: APIRepresentable {
    static let apiFields: [APIField<Member, Void>] = [
        .init("id") { $0.id }, .init("teamId") { $0.teamID }, .init("name") { $0.name }, .init("email") { $0.email },
        .init("role") { $0.role },
        .init("expertise") { $0.expertise }, .init("active") { $0.active },
        // The member's own zone; left out when they follow the team's.
        .init("timeZone") { $0.timeZone }, .init("createdAt") { $0.createdAt },
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
        .init("id") { $0.id }, .init("name") { $0.name }, .init("industry") { $0.industry }, .init("segment") { $0.segment },
        .init("crmId") { $0.crmID },
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
    ]
}

extension Deal: APIRepresentable {
    /// The debrief the request opened, if it did.
    typealias APIContext = DebriefID?

    static let apiFields: [APIField<Deal, DebriefID?>] = [
        .init("id") { $0.id }, .init("accountId") { $0.accountID }, .init("name") { $0.name },
        .init("amount", ifPresent: { deal, _ in deal.value?.amount }), .init("currency", ifPresent: { deal, _ in deal.value?.currency }),
        .init("status") { $0.status }, .init("lostReason") { $0.lostReason },
        .init("closeDate", ifPresent: { deal, _ in deal.closeDate.map(CalendarDay.format) }),
        .init("crmId") { $0.crmID }, .init("ownerId") { $0.ownerID },
        // When the deal was lost or cancelled: the failure clock starts here.
        .init("failedAt") { $0.failedAt }, .init("openedDebriefId", ifPresent: { _, opened in opened }),
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
    ]
}

extension APIValue where Root == Deal {
    init(_ deal: Deal, openedDebrief: DebriefID? = nil) { self.init(deal, context: openedDebrief) }
}

extension Interaction: APIRepresentable {
    /// The reflection the interaction owes its rep.
    typealias APIContext = ReflectionID?

    static let apiFields: [APIField<Interaction, ReflectionID?>] = [
        .init("id") { $0.id }, .init("accountId") { $0.accountID }, .init("dealId") { $0.dealID }, .init("repId") { $0.repID },
        .init("kind") { $0.kind },
        .init("occurredAt") { $0.occurredAt }, .init("participants") { $0.participants }, .init("outcome") { $0.outcome },
        .init("summary") { $0.summary },
        .init("followUpOfInteractionId", ifPresent: { interaction, _ in
            if case .interaction(let id)? = interaction.followUpOf { id } else { nil }
        }),
        .init("followUpOfDealId", ifPresent: { interaction, _ in
            if case .deal(let id)? = interaction.followUpOf { id } else { nil }
        }),
        // How the follow-up went: recovered, progressing, lost-for-good.
        .init("recovery") { $0.recovery }, .init("reflectionId", ifPresent: { _, reflection in reflection }),
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
    ]
}

extension APIValue where Root == Interaction {
    init(_ interaction: Interaction, reflectionID: ReflectionID?) { self.init(interaction, context: reflectionID) }
}

extension Question: APIRepresentable {
    // The reflection a question came from is not named: the reflection may be private.
    static let apiFields: [APIField<Question, Void>] = [
        .init("id") { $0.id }, .init("debriefId") { $0.debriefID }, .init("accountId") { $0.accountID },
        .init("inLibrary") { $0.inLibrary },
        .init("askedById") { $0.askedByID }, .init("text") { $0.text }, .init("topic") { $0.topic }, .init("status") { $0.status },
        .init("answer") { $0.answer },
        .init("answeredById") { $0.answeredByID }, .init("closedAt") { $0.closedAt }, .init("createdAt") { $0.createdAt },
    ]
}

extension Reflection: APIRepresentable {
    /// The time now: whether the reflection is overdue depends on it.
    typealias APIContext = Date

    static let apiFields: [APIField<Reflection, Date>] = [
        .init("id") { $0.id }, .init("interactionId") { $0.interactionID }, .init("authorId") { $0.authorID },
        .init("outcome") { $0.outcome },
        .init("status") { $0.status }, .init("dueAt") { $0.dueAt }, .init("overdue", { reflection, now in reflection.isOverdue(at: now) }),
        .init("timeBoxMinutes") { $0.timeBoxMinutes }, .init("deferred") { $0.isDeferred }, .init("deferredAt") { $0.deferredAt },
        .init("shared") { $0.isShared }, .init("sharedAt") { $0.sharedAt }, .init("startedAt") { $0.startedAt },
        .init("completedAt") { $0.completedAt },
        .init("skippedAt") { $0.skippedAt },
        // Seconds from start to completion: the time actually spent reflecting.
        .init("timeSpentSeconds", ifPresent: { reflection, _ in reflection.timeSpent.map { Int($0.rounded()) } }),
        .init("questions", { reflection, _ in reflection.questions.map(QuestionResponse.init) }),
        .init("createdAt") { $0.createdAt }, .init("updatedAt") { $0.updatedAt },
        // The answers sit beside the other fields, each under its prompt's name.
        .inline { $0.notes },
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
