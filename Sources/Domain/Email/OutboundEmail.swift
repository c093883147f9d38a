import Foundation

public typealias OutboundEmailID = Identifier<OutboundEmail>

/// What a message says, rendered once when it is queued.
public struct EmailContent: Equatable, Sendable {
    public var subject: String
    public var text: String
    public var html: String
    /// An iCalendar part (`METHOD:REQUEST` or `CANCEL`) for a debrief invitation.
    public var calendar: EmailCalendar?
    /// Where the one-click unsubscribe (RFC 8058) of this message posts: its `List-Unsubscribe` header.
    public var unsubscribeURL: String

    public init(subject: String, text: String, html: String, calendar: EmailCalendar? = nil, unsubscribeURL: String) {
        self.unsubscribeURL = unsubscribeURL
        self.subject = subject
        self.text = text
        self.html = html
        self.calendar = calendar
    }
}

public struct EmailCalendar: Equatable, Sendable {
    public enum Method: String, Sendable { case request = "REQUEST", cancel = "CANCEL" }
    public let method: Method
    public let ics: String

    public init(method: Method, ics: String) {
        self.method = method
        self.ics = ics
    }
}

/// One message in the outbox: queued once per `key` and team (so several servers queueing the same
/// nudge store it once), then claimed, attempted and retried like a webhook delivery.
public struct OutboundEmail: Equatable, Sendable {
    public let id: OutboundEmailID
    public let teamID: TeamID
    public let memberID: MemberID
    public let kind: EmailKind
    /// What makes it unique, e.g. `reflection-due:<id>`; a second queueing of the same key is dropped.
    public let key: String
    public let to: String
    public let recipientName: String
    public var content: EmailContent
    /// The SHA-256 of the message's one-click unsubscribe token; the token itself is only in the message.
    public let unsubscribeTokenHash: String
    /// For an invitation: the debrief, the meeting time it announced, and its iCalendar SEQUENCE.
    public let subjectID: UUID?
    public let subjectAt: Date?
    public let sequence: Int
    public private(set) var status: OutboundEmailStatus
    public private(set) var attempts: Int
    public private(set) var nextAttemptAt: Date
    public private(set) var lastAttemptAt: Date?
    public private(set) var lastError: String?
    public private(set) var sentAt: Date?
    public let createdAt: Date

    public init(
        id: OutboundEmailID = OutboundEmailID(), teamID: TeamID, memberID: MemberID, kind: EmailKind, key: String, to: String,
        recipientName: String, content: EmailContent, unsubscribeTokenHash: String, subjectID: UUID? = nil, subjectAt: Date? = nil,
        sequence: Int = 0, status: OutboundEmailStatus = .pending, attempts: Int = 0, nextAttemptAt: Date, lastAttemptAt: Date? = nil,
        lastError: String? = nil, sentAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.teamID = teamID
        self.memberID = memberID
        self.kind = kind
        self.key = key
        self.to = to
        self.recipientName = recipientName
        self.content = content
        self.unsubscribeTokenHash = unsubscribeTokenHash
        self.subjectID = subjectID
        self.subjectAt = subjectAt
        self.sequence = sequence
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
        self.createdAt = createdAt
    }

    public mutating func sent(at now: Date) {
        attempts += 1
        status = .sent
        lastAttemptAt = now
        sentAt = now
        lastError = nil
    }

    /// A permanent refusal (5xx: no such mailbox, rejected) ends it at once; anything else is retried
    /// with backoff until the policy's attempts run out.
    public mutating func failed(error: String, permanent: Bool, at now: Date, policy: RetryPolicy) {
        attempts += 1
        lastAttemptAt = now
        lastError = String(error.prefix(500))
        if permanent || attempts >= policy.maxAttempts {
            status = .failed
        } else {
            nextAttemptAt = now.addingTimeInterval(policy.delay(afterAttempt: attempts))
        }
    }

    public mutating func suppressed(because reason: String, at now: Date) {
        status = .suppressed
        lastAttemptAt = now
        lastError = reason
    }

    /// Waits for the end of the recipient's quiet hours; not an attempt.
    public mutating func postponed(until date: Date) {
        nextAttemptAt = date
    }
}
