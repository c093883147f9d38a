import Domain
import Features
import Foundation
import Hummingbird
import Storage

struct ExpertResponse: ResponseEncodable {
    let memberId: MemberID
    let name: String
    let email: String
    let role: Role
    let topics: [String]
    let reason: String

    init(_ s: ExpertSuggestion) {
        memberId = s.member.id
        name = s.member.name
        email = s.member.email
        role = s.member.role
        topics = s.topics
        reason = s.reason
    }
}

struct BriefResponse: ResponseEncodable {
    struct Failure: Encodable {
        let interactionId: InteractionID?
        let dealId: DealID?
        let occurredAt: Date
        let kind: String
        let repId: MemberID?
        let repName: String?
        let summary: String?
        let lostReason: String?
    }

    struct Questions: Encodable {
        let answered: [QuestionResponse]
        /// Flagged: still without an answer.
        let stillOpen: [QuestionResponse]
    }

    struct Preparation: Encodable {
        let kind: String
        let text: String
    }

    let account: AccountResponse
    let failure: Failure
    let openers: [String]
    let questions: Questions
    let bringAlong: [ExpertResponse]
    let preparation: [Preparation]
    let lessons: [LessonResponse]

    init(_ brief: FollowUpBrief, names: [MemberID: String], coach: BlameCoach) {
        account = AccountResponse(brief.account)
        let f = brief.failure
        var interactionID: InteractionID?
        var dealID: DealID?
        switch f.event {
        case .interaction(let id): interactionID = id
        case .deal(let id): dealID = id
        }
        failure = Failure(
            interactionId: interactionID, dealId: dealID, occurredAt: f.occurredAt, kind: f.kind, repId: f.repID,
            repName: f.repID.flatMap { names[$0] }, summary: f.summary, lostReason: f.lostReason)
        openers = brief.openers
        questions = Questions(answered: brief.answeredQuestions.map(QuestionResponse.init), stillOpen: brief.openQuestions.map(QuestionResponse.init))
        bringAlong = brief.experts.map(ExpertResponse.init)
        preparation = brief.preparation.map { Preparation(kind: $0.kind, text: $0.text) }
        lessons = brief.lessons.map { LessonResponse($0, coach: coach) }
    }
}

struct AccountHistoryResponse: ResponseEncodable {
    struct FailureStory: Encodable {
        let interactionId: InteractionID?
        let dealId: DealID?
        let occurredAt: Date
        let what: String
        let debriefId: DebriefID?
        let debriefStatus: DebriefStatus?
        let followUps: [InteractionResponse]
        let recovery: RecoveryStatus?
    }

    let account: AccountResponse
    /// Where the latest failure stands: recovered, progressing, lost-for-good, follow-up-pending,
    /// no-follow-up-yet, or no-failures.
    let recovery: String
    let failures: [FailureStory]
    let interactions: [InteractionResponse]
    let deals: [DealResponse]
}

struct SearchResultResponse: ResponseEncodable {
    let kind: SearchKind
    let id: UUID
    let title: String
    /// HTML-escaped, with each match wrapped in `<mark>…</mark>`.
    let snippet: String
    let accountId: AccountID?
    let debriefId: DebriefID?

    init(_ hit: SearchHit) {
        kind = hit.kind
        id = hit.refID
        title = hit.title
        snippet = Self.highlighted(hit.snippet)
        accountId = hit.accountID
        debriefId = hit.debriefID
    }

    /// Escapes the user's text first, then turns the database's match markers into `<mark>`, so a
    /// snippet can never carry markup of its own.
    static func highlighted(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in Escape.html(raw).unicodeScalars {
            switch scalar {
            case markStart: out.append(contentsOf: "<mark>".unicodeScalars)
            case markEnd: out.append(contentsOf: "</mark>".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static let markStart = SearchHit.markStart.unicodeScalars.first!
    private static let markEnd = SearchHit.markEnd.unicodeScalars.first!
}
