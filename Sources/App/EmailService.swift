import Domain
import Features
import Foundation
import Logging
import Mail
import ServiceLifecycle

/// Sends outbox messages through the configured SMTP relay. The message id is the outbox row's, so a
/// message sent twice (a server stopped between the relay's OK and recording it) is recognisable.
public struct SMTPMailTransport: MailTransport {
    let client: SMTPClient

    public init(configuration: SMTPConfiguration, logger: Logger) throws {
        client = try SMTPClient(configuration: configuration, logger: logger)
    }

    public func send(_ email: OutboundEmail) async throws {
        let from = client.configuration.from
        let to: MailAddress
        do { to = try MailAddress(email.to, displayName: email.recipientName) } catch {
            throw MailRefusal(reply: "the address \(email.to) cannot be used: \(error)", permanent: true)
        }
        let message = MailMessage(
            from: from, to: [to], subject: email.content.subject, text: email.content.text, html: email.content.html,
            calendar: email.content.calendar.map { CalendarInvitation(ics: $0.ics, method: $0.method.rawValue) },
            // RFC 8058's one-click header is for https only; on a plain-http deployment the link in the
            // message's footer is the way out.
            unsubscribe: email.content.unsubscribeURL.hasPrefix("https://") ? OneClickUnsubscribe(url: email.content.unsubscribeURL) : nil,
            messageID: "\(email.id)@\(from.domain)")
        do throws(SMTPError) {
            try await client.send(message)
        } catch {
            // The relay is the operator's own, so its name and replies may go in the admin's log.
            throw MailRefusal(reply: error.description, permanent: Self.isBounce(error))
        }
    }

    /// Only a refusal of this message or this recipient ends it. A wrong relay password, a missing
    /// extension or a relay that is down fails every message alike: those wait and retry while an
    /// admin puts the relay right.
    static func isBounce(_ error: SMTPError) -> Bool {
        switch error.stage {
        case .mailFrom, .recipient, .data, .body, .message: error.isPermanent
        default: false
        }
    }
}

/// Plans nudges and sends what is due every `interval` for as long as the server runs.
struct EmailService: Service {
    let planner: NudgePlanner
    let outbox: EmailOutbox
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatRounds(every: interval, logger: logger, failure: "email round failed") {
            try await planner.runOnce()
            try await outbox.deliverDue()
        }
    }
}
