import Foundation

// The API's replies as tests read them: one Decodable type per schema in `openapi.json`
// (components/schemas), only for what the tests look at. Required fields are required here too, so a
// reply missing one fails to decode; optional fields are `Optional` (the API leaves out what is empty
// and never writes null, so nil means absent). A check that something must be absent for privacy's
// sake reads the raw JSON instead (`reply["x"] == nil`), since nil here would also let a null through,
// and a type without the field could not see it at all. Ids are `String`s as sent. Dates stay the
// ISO 8601 strings the API writes, so a test compares them with `iso(date)` exactly as the text reads.
// Enumerations (statuses, kinds) are `String`s too: tests compare them with the documented values.

/// One page of a list (`…List` schemas): the items and, when there are more, where the next page starts.
public struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    public let items: [Item]
    public let nextOffset: Int?
}

/// Anything with an `id`: for reading a list's ids without knowing its item type.
public struct Identified: Decodable, Sendable {
    public let id: String
}

/// `Problem`: every error the API returns (RFC 9457).
public struct ProblemReply: Decodable, Sendable {
    public struct FieldError: Decodable, Sendable {
        public let field: String
        public let message: String
    }

    public let type: String
    public let title: String
    public let status: Int
    public let detail: String?
    public let errors: [FieldError]?
}

/// `Member`.
public struct MemberReply: Decodable, Sendable {
    public let id: String
    public let teamId: String
    public let name: String
    public let email: String
    public let role: String
    public let expertise: [String]
    public let active: Bool
    /// The member's own zone; nil when they follow the team's.
    public let timeZone: String?
    public let createdAt: String
}

/// `Team`.
public struct TeamReply: Decodable, Sendable {
    /// `ReviewPolicy`: how quickly the team reviews its calls and failures.
    public struct ReviewPolicy: Decodable, Sendable {
        public let timeBoxMinutes: Int
        public let badTimeBoxMinutes: Int
        public let reflectionDueMinutes: Int
        public let coolOffHours: Int
        public let debriefDueHours: Int
    }

    public let id: String
    public let name: String
    public let reviewPolicy: ReviewPolicy
    public let timeZone: String
    public let createdAt: String
}

/// `Session` (and the token and member of `SetupResult`).
public struct SessionReply: Decodable, Sendable {
    public let token: String
    public let member: MemberReply
}

/// `Account`.
public struct AccountReply: Decodable, Sendable {
    public let id: String
    public let name: String
    public let industry: String?
    public let segment: String?
    public let crmId: String?
    public let createdAt: String
    public let updatedAt: String
}

/// `Deal`; `openedDebriefId` only when this request made the deal a failure and opened its debrief.
public struct DealReply: Decodable, Sendable {
    public let id: String
    public let accountId: String
    public let name: String
    public let amount: Double?
    public let currency: String?
    public let status: String
    public let lostReason: String?
    public let closeDate: String?
    public let crmId: String?
    public let ownerId: String?
    public let failedAt: String?
    public let openedDebriefId: String?
    public let createdAt: String
    public let updatedAt: String
}

/// `StageChangeResult`: what a CRM's stage change did.
public struct StageChangeReply: Decodable, Sendable {
    public let status: String
    public let dealId: String?
    public let openedDebriefId: String?
}

/// `WebhookSecret`: the team's inbound webhook secret, shown once.
public struct WebhookSecretReply: Decodable, Sendable {
    public let secret: String
    public let url: String
}

/// `CalendarFeedLink`: the member's secret calendar feed.
public struct CalendarFeedReply: Decodable, Sendable {
    public let path: String
}

/// `CoachFinding`: one suggestion of the blame-language coach.
public struct CoachFindingReply: Decodable, Sendable {
    public let category: String
    public let start: Int
    public let end: Int
    public let line: Int
    public let column: Int
    public let phrase: String
    public let message: String
    public let suggestion: String
}

/// `CoachResult`.
public struct CoachReply: Decodable, Sendable {
    public let findings: [CoachFindingReply]
}
