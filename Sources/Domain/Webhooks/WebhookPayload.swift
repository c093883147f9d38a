import Foundation

/// Something that happened which subscribers may want to hear about, with only what every
/// team member may see: never a reflection's notes, never a private question.
public struct OutboundOccurrence: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case reflectionOverdue(reflection: ReflectionID, interaction: InteractionID, rep: MemberID, kind: InteractionKind, account: String, interactionAt: Date, dueAt: Date)
        case debrief(DebriefID, title: String, account: String?, eventAt: Date, dueAt: Date)
        case questionAnswered(QuestionID, text: String, answer: String, topic: String?, account: String?)
        case briefReady(account: AccountID, name: String, after: FailureEvent)
    }

    public let event: OutboundEvent
    public let occurredAt: Date
    public let subject: Subject

    public init(event: OutboundEvent, occurredAt: Date, subject: Subject) {
        self.event = event
        self.occurredAt = occurredAt
        self.subject = subject
    }

    /// A subscriber receives each key once, however often the scan sees the occurrence.
    public var key: String {
        switch subject {
        case .reflectionOverdue(let reflection, _, _, _, _, _, _): "\(event.rawValue):\(reflection)"
        case .debrief(let id, _, _, _, _): "\(event.rawValue):\(id)"
        case .questionAnswered(let id, _, _, _, _): "\(event.rawValue):\(id)"
        case .briefReady(let account, _, let after): "\(event.rawValue):\(account):\(after.keyPart)"
        }
    }
}

extension FailureEvent {
    fileprivate var keyPart: String {
        switch self {
        case .deal(let id): "deal:\(id)"
        case .interaction(let id): "interaction:\(id)"
        }
    }
}

/// Renders a delivery's body. Built once when the delivery is queued; retries resend the same bytes.
public enum WebhookPayload {
    /// `zone` is the team's: Slack messages show times in it (the JSON format keeps ISO 8601 in UTC).
    public static func body(
        for occurrence: OutboundOccurrence, delivery: WebhookDeliveryID, team: TeamID, format: WebhookFormat, link: String, zone: TimeZone = .gmt
    ) -> String {
        let data: Data
        switch format {
        case .rebound:
            data = (try? encoder.encode(Envelope(occurrence, delivery: delivery, team: team, link: link))) ?? Data()
        case .slack:
            data = (try? encoder.encode(["text": slackText(for: occurrence, link: link, zone: zone)])) ?? Data()
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// One line of Slack mrkdwn. Names no person: a channel is no place to point at who is late.
    public static func slackText(for occurrence: OutboundOccurrence, link: String, zone: TimeZone = .gmt) -> String {
        func day(_ date: Date) -> String { Self.day(date, zone) }
        func minute(_ date: Date) -> String { Self.minute(date, zone) }
        let url = Escape.slack(link)
        switch occurrence.subject {
        case .reflectionOverdue(_, _, _, let kind, let account, let at, _):
            return "A reflection is overdue: the \(kind.rawValue) with \(Escape.slack(account)) on \(day(at)). <\(url)|Open the queue>"
        case .debrief(_, let title, _, _, let dueAt):
            if occurrence.event == .debriefDue {
                return "The debrief *\(Escape.slack(title))* was due \(minute(dueAt)) and is not complete yet. <\(url)|Open the debrief>"
            }
            return "A debrief is open: *\(Escape.slack(title))*, due \(minute(dueAt)). <\(url)|Add your perspective>"
        case .questionAnswered(_, let text, let answer, _, _):
            return "Answered: \u{201C}\(Escape.slack(text))\u{201D} \u{2014} \(Escape.slack(answer)) <\(url)|Question library>"
        case .briefReady(_, let name, _):
            return "The follow-up brief for *\(Escape.slack(name))* is ready. <\(url)|Read the brief>"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func day(_ date: Date, _ zone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: zone).year().month().day())
    }

    private static func minute(_ date: Date, _ zone: TimeZone) -> String {
        let style = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: zone)
        return String(style.format(date).prefix(16)) + " " + TimeZones.displayName(zone, at: date)
    }

    struct Envelope: Encodable {
        let id: String
        let event: String
        let occurredAt: Date
        let teamId: String
        let link: String
        let data: Payload

        init(_ occurrence: OutboundOccurrence, delivery: WebhookDeliveryID, team: TeamID, link: String) {
            id = delivery.description
            event = occurrence.event.rawValue
            occurredAt = occurrence.occurredAt
            teamId = team.description
            self.link = link
            data = Payload(occurrence.subject)
        }
    }

    /// Flat fields; absent ones are left out.
    struct Payload: Encodable {
        var reflectionId: String?
        var interactionId: String?
        var repId: String?
        var kind: String?
        var account: String?
        var accountId: String?
        var interactionAt: Date?
        var dueAt: Date?
        var debriefId: String?
        var title: String?
        var eventAt: Date?
        var questionId: String?
        var question: String?
        var answer: String?
        var topic: String?
        var failedDealId: String?
        var failedInteractionId: String?

        init(_ subject: OutboundOccurrence.Subject) {
            switch subject {
            case .reflectionOverdue(let reflection, let interaction, let rep, let kind, let account, let at, let due):
                reflectionId = reflection.description
                interactionId = interaction.description
                repId = rep.description
                self.kind = kind.rawValue
                self.account = account
                interactionAt = at
                dueAt = due
            case .debrief(let id, let title, let account, let eventAt, let dueAt):
                debriefId = id.description
                self.title = title
                self.account = account
                self.eventAt = eventAt
                self.dueAt = dueAt
            case .questionAnswered(let id, let text, let answer, let topic, let account):
                questionId = id.description
                question = text
                self.answer = answer
                self.topic = topic
                self.account = account
            case .briefReady(let id, let name, let after):
                accountId = id.description
                account = name
                switch after {
                case .deal(let deal): failedDealId = deal.description
                case .interaction(let interaction): failedInteractionId = interaction.description
                }
            }
        }
    }
}
