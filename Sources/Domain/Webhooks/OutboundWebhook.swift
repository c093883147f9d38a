import Foundation

public typealias WebhookSubscriptionID = Identifier<WebhookSubscription>
public typealias WebhookDeliveryID = Identifier<WebhookDelivery>

/// What Rebound tells other tools about. Each is detected from stored state, so nothing is lost
/// when a server restarts between the change and the delivery.
public enum OutboundEvent: String, ClosedSet {
    /// A pending reflection passed its due time.
    case reflectionOverdue = "reflection.overdue"
    /// A failure opened a debrief (lost or cancelled deal, escalated call).
    case debriefOpened = "debrief.opened"
    /// A debrief reached its due time without being completed.
    case debriefDue = "debrief.due"
    /// A question in the team library got its answer (private questions never go out).
    case questionAnswered = "question.answered"
    /// The follow-up brief for an account has what it needs: the bad call's reflection or the
    /// failure's debrief was completed.
    case briefReady = "brief.ready"
}

/// The body a subscriber receives: Rebound's JSON envelope, or a Slack-compatible `{"text": …}`.
public enum WebhookFormat: String, ClosedSet {
    case rebound, slack
}

/// A team's registration of a URL for some events. The secret signs every delivery.
public struct WebhookSubscription: Equatable, Sendable {
    public let id: WebhookSubscriptionID
    public let teamID: TeamID
    public var url: String
    public var events: [OutboundEvent]
    public var format: WebhookFormat
    public let secret: String
    public let createdByID: MemberID
    public let createdAt: Date
    /// Events are looked for after this instant; the overlap in `WebhookScan` covers late commits.
    public var scannedUntil: Date

    public init(
        id: WebhookSubscriptionID = WebhookSubscriptionID(), teamID: TeamID, url: String, events: [OutboundEvent],
        format: WebhookFormat, secret: String, createdByID: MemberID, createdAt: Date, scannedUntil: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.url = url
        self.events = events
        self.format = format
        self.secret = secret
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.scannedUntil = scannedUntil ?? createdAt
    }

    public mutating func validate() throws {
        var v = Validator()
        url = v.requiredText(url, "url", maxLength: 2000)
        let parsed = URLComponents(string: url)
        let scheme = parsed?.scheme?.lowercased()
        v.check(
            parsed != nil && (scheme == "https" || scheme == "http") && !(parsed?.host ?? "").isEmpty, "url",
            "must be an absolute http:// or https:// URL")
        var seen = Set<OutboundEvent>()
        events = events.filter { seen.insert($0).inserted }
        v.check(!events.isEmpty, "events", "must name at least one of: \(OutboundEvent.allowedValues)")
        try v.throwIfInvalid()
    }

    public func wants(_ event: OutboundEvent) -> Bool { events.contains(event) }
}

public enum DeliveryStatus: String, ClosedSet {
    case pending, delivered, failed
}

/// One event on its way to one subscriber, with its attempts: the delivery log.
public struct WebhookDelivery: Equatable, Sendable {
    public let id: WebhookDeliveryID
    public let subscriptionID: WebhookSubscriptionID
    public let teamID: TeamID
    public let event: OutboundEvent
    /// What the event is about, e.g. `debrief.opened:<id>`; a subscriber gets each key once.
    public let eventKey: String
    /// The exact bytes sent on every attempt, so a retry is byte-for-byte the first try.
    public let body: String
    public private(set) var status: DeliveryStatus
    public private(set) var attempts: Int
    public private(set) var nextAttemptAt: Date
    public private(set) var lastAttemptAt: Date?
    public private(set) var lastStatusCode: Int?
    public private(set) var lastError: String?
    public private(set) var deliveredAt: Date?
    public let createdAt: Date

    public init(
        id: WebhookDeliveryID = WebhookDeliveryID(), subscriptionID: WebhookSubscriptionID, teamID: TeamID, event: OutboundEvent,
        eventKey: String, body: String, status: DeliveryStatus = .pending, attempts: Int = 0, nextAttemptAt: Date,
        lastAttemptAt: Date? = nil, lastStatusCode: Int? = nil, lastError: String? = nil, deliveredAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.teamID = teamID
        self.event = event
        self.eventKey = eventKey
        self.body = body
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }

    /// The receiver answered 2xx.
    public mutating func succeeded(statusCode: Int, at now: Date) {
        attempts += 1
        lastAttemptAt = now
        lastStatusCode = statusCode
        lastError = nil
        status = .delivered
        deliveredAt = now
    }

    /// The receiver answered something else or could not be reached: try again later, or give up
    /// once the policy's attempts are spent.
    public mutating func failed(statusCode: Int?, error: String, at now: Date, policy: RetryPolicy = RetryPolicy()) {
        attempts += 1
        lastAttemptAt = now
        lastStatusCode = statusCode
        lastError = String(error.prefix(500))
        if attempts >= policy.maxAttempts {
            status = .failed
        } else {
            nextAttemptAt = now.addingTimeInterval(policy.delay(afterAttempt: attempts))
        }
    }

    /// An admin asks for another go after the attempts ran out.
    public mutating func redeliver(at now: Date) {
        status = .pending
        nextAttemptAt = now
    }
}

/// Exponential backoff: 1, 2, 4 … minutes, capped at four hours; ten attempts span about 8½ hours,
/// so a receiver down for a working morning still gets every event.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(maxAttempts: Int = 10, firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 4 * 3600) {
        self.maxAttempts = maxAttempts
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        return min(maximumDelay, firstDelay * pow(2, exponent))
    }
}
