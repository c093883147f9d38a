import Domain
import Foundation
import Logging
import Storage

/// Sends one message. The server's is SMTP (`SMTPMailTransport`); the protocol keeps this layer free of it.
public protocol MailTransport: Sendable {
    /// Throws `MailRefusal` when the relay said no, anything else when it could not be reached.
    func send(_ email: OutboundEmail) async throws
}

/// The relay's refusal. Permanent ones (a 5xx: no such mailbox, address rejected) are bounces and are
/// not retried; the text is the relay's reply, which names no private content.
public struct MailRefusal: Error, Sendable {
    public let reply: String
    public let permanent: Bool

    public init(reply: String, permanent: Bool) {
        self.reply = reply
        self.permanent = permanent
    }
}

/// Sends what is due in the outbox, retrying with backoff. Safe on several servers: each attempt is
/// claimed first (`EmailRepository.claimEmail`), so a message goes out once even when two servers
/// see it due at the same moment. A server that stops between the relay's "OK" and recording it sends
/// that one message again after the lease: at least once, never lost.
public struct EmailOutbox: Sendable {
    public let email: any EmailRepository
    public let members: any MemberRepository
    public let teams: any TeamRepository
    public let transport: any MailTransport
    public let policy: RetryPolicy
    public let logger: Logger
    public let clock: @Sendable () -> Date
    /// Longer than any SMTP conversation's timeouts together.
    public static let lease: TimeInterval = 5 * 60
    public static let batchSize = 20
    public static let messagesPerRound = 500

    public init(
        email: any EmailRepository, members: any MemberRepository, teams: any TeamRepository, transport: any MailTransport,
        policy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "rebound.email"), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.email = email
        self.members = members
        self.teams = teams
        self.transport = transport
        self.policy = policy
        self.logger = logger
        self.clock = clock
    }

    /// Attempts due messages, batch after batch, up to a bound per round. Returns how many this server attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        var attempted = 0
        while attempted < Self.messagesPerRound {
            let due = try await email.dueEmails(at: clock(), limit: Self.batchSize)
            var made = 0
            for message in due where await attempt(message) { made += 1 }
            attempted += made
            if due.count < Self.batchSize || made == 0 { break }
        }
        return attempted
    }

    private func attempt(_ message: OutboundEmail) async -> Bool {
        var message = message
        do {
            let now = clock()
            guard try await email.claimEmail(message, at: now, leaseUntil: now.addingTimeInterval(Self.lease)) else { return false }
            // Decided again at the moment of sending: the member may have left, turned this kind off, or
            // be in their quiet hours since it was queued.
            guard let member = try await members.member(message.memberID, in: message.teamID), member.active else {
                message.suppressed(because: "the member is no longer active", at: now)
                try await email.saveEmail(message)
                return true
            }
            let preferences = try await email.emailPreferences(of: member.id)
            if !preferences.wants(message.kind) {
                message.suppressed(because: "turned off by the member", at: now)
                try await email.saveEmail(message)
                return true
            }
            if let quiet = preferences.quietHours {
                let zone = try await zone(of: member)
                let allowed = quiet.nextAllowed(after: now, in: zone)
                if allowed > now {
                    message.postponed(until: allowed)
                    try await email.saveEmail(message)
                    return true
                }
            }
            do {
                try await transport.send(message)
                message.sent(at: clock())
            } catch let refusal as MailRefusal {
                message.failed(error: refusal.reply, permanent: refusal.permanent, at: clock(), policy: policy)
            } catch {
                logger.info("email delivery failed", metadata: ["email": "\(message.id)", "error": "\(error)"])
                message.failed(error: "the mail relay could not be reached or did not answer in time", permanent: false, at: clock(), policy: policy)
            }
            try await email.saveEmail(message)
            if message.status == .failed {
                logger.warning("email gave up", metadata: ["email": "\(message.id)", "kind": "\(message.kind.rawValue)", "error": "\(message.lastError ?? "")"])
            }
            return true
        } catch {
            logger.error("email attempt could not be recorded", metadata: ["email": "\(message.id)", "error": "\(error)"])
            return false
        }
    }

    private func zone(of member: Member) async throws -> TimeZone {
        if let own = member.timeZone { return TimeZones.zone(own) }
        return TimeZones.zone(try await teams.team(member.teamID)?.timeZone)
    }
}
