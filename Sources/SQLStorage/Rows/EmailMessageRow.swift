import Domain
import Foundation

/// One message in the email outbox (unique per team and key), with its attempts.
struct EmailMessageRow: TableRow {
    static let table = "email_messages"

    var id: UUID
    var teamID: UUID
    var memberID: UUID
    var kind: String
    var key: String
    var toAddress: String
    var recipientName: String
    var subject: String
    var textBody: String
    var htmlBody: String
    var calendarMethod: String?
    var calendar: String?
    var unsubscribeTokenHash: String
    var unsubscribeURL: String
    var subjectID: UUID?
    var subjectAt: Date?
    var sequence: Int
    var status: String
    var attempts: Int
    var nextAttemptAt: Date
    var lastAttemptAt: Date?
    var lastError: String?
    var sentAt: Date?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, key, subject, calendar, sequence, status, attempts
        case teamID = "team_id", memberID = "member_id", toAddress = "to_address", recipientName = "recipient_name"
        case textBody = "text_body", htmlBody = "html_body", calendarMethod = "calendar_method"
        case unsubscribeTokenHash = "unsubscribe_token_hash", unsubscribeURL = "unsubscribe_url", subjectID = "subject_id", subjectAt = "subject_at"
        case nextAttemptAt = "next_attempt_at", lastAttemptAt = "last_attempt_at", lastError = "last_error"
        case sentAt = "sent_at", createdAt = "created_at"
    }

    /// The columns an attempt changes; the rest are written once, when the message is queued.
    static let attemptColumns: [CodingKeys] = [.status, .attempts, .nextAttemptAt, .lastAttemptAt, .lastError, .sentAt]

    init(_ e: OutboundEmail) {
        id = e.id.rawValue
        teamID = e.teamID.rawValue
        memberID = e.memberID.rawValue
        kind = e.kind.rawValue
        key = e.key
        toAddress = e.to
        recipientName = e.recipientName
        subject = e.content.subject
        textBody = e.content.text
        htmlBody = e.content.html
        calendarMethod = e.content.calendar?.method.rawValue
        calendar = e.content.calendar?.ics
        unsubscribeTokenHash = e.unsubscribeTokenHash
        unsubscribeURL = e.content.unsubscribeURL
        subjectID = e.subjectID
        subjectAt = e.subjectAt
        sequence = e.sequence
        status = e.status.rawValue
        attempts = e.attempts
        nextAttemptAt = e.nextAttemptAt
        lastAttemptAt = e.lastAttemptAt
        lastError = e.lastError
        sentAt = e.sentAt
        createdAt = e.createdAt
    }

    func domain() throws -> OutboundEmail {
        let method = calendarMethod.flatMap(EmailCalendar.Method.init(rawValue:))
        return OutboundEmail(
            id: .init(id), teamID: .init(teamID), memberID: .init(memberID), kind: try decode(EmailKind.self, kind), key: key,
            to: toAddress, recipientName: recipientName,
            content: EmailContent(
                subject: subject, text: textBody, html: htmlBody,
                                // The method outlives the part itself (dropped once sent): invitations are planned from it.
                calendar: method.map { EmailCalendar(method: $0, ics: calendar ?? "") }, unsubscribeURL: unsubscribeURL),
            unsubscribeTokenHash: unsubscribeTokenHash, subjectID: subjectID, subjectAt: subjectAt, sequence: sequence,
            status: try decode(OutboundEmailStatus.self, status), attempts: attempts, nextAttemptAt: nextAttemptAt,
            lastAttemptAt: lastAttemptAt, lastError: lastError, sentAt: sentAt, createdAt: createdAt)
    }
}

/// What one member wants by email; a member without a row gets every kind at any hour.
struct EmailPreferencesRow: TableRow {
    static let table = "email_preferences"

    /// The member's id: one row per member.
    var id: UUID
    var teamID: UUID
    var off: [String]
    var quietFrom: Int?
    var quietTo: Int?

    enum CodingKeys: String, CodingKey {
        case id, off
        case teamID = "team_id", quietFrom = "quiet_from", quietTo = "quiet_to"
    }

    init(_ p: EmailPreferences, member: MemberID, team: TeamID) {
        id = member.rawValue
        teamID = team.rawValue
        off = EmailKind.allCases.filter { p.off.contains($0) }.map(\.rawValue)
        quietFrom = p.quietHours?.from
        quietTo = p.quietHours?.to
    }

    func domain() -> EmailPreferences {
        // A kind this version does not know (written by a newer one) is ignored rather than failing the read.
        EmailPreferences(
            off: Set(off.compactMap(EmailKind.init(rawValue:))),
            quietHours: quietFrom.flatMap { from in quietTo.flatMap { QuietHours(from: from, to: $0) } })
    }
}
