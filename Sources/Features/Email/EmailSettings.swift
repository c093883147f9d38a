import Domain
import Foundation
import Storage

/// What members and admins do with email: each member chooses what they get and when; anyone with a
/// message's one-click link turns that kind off; admins read the outbox's log.
public struct EmailSettings: Sendable {
    let email: any EmailRepository
    let clock: @Sendable () -> Date

    public init(email: any EmailRepository, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.email = email
        self.clock = clock
    }

    public func preferences(of member: Member) async throws -> EmailPreferences {
        try await email.emailPreferences(of: member.id)
    }

    /// Each part is optional: nil keeps what is stored. `quietHours` is `.set(nil)` to clear them.
    public func update(_ member: Member, off: Set<EmailKind>?, quietHours: FieldChange<QuietHours?>) async throws -> EmailPreferences {
        var preferences = try await email.emailPreferences(of: member.id)
        if let off { preferences.off = off }
        if case .set(let hours) = quietHours { preferences.quietHours = hours }
        try await email.setEmailPreferences(preferences, of: member.id, in: member.teamID)
        return preferences
    }

    /// The token from a message's link; the kind it turned off, or nil for a token no message has.
    public func unsubscribe(token: String) async throws -> EmailKind? {
        // A token is 64 hex digits; anything else is not worth a query.
        guard token.utf8.count == 64, token.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return try await email.unsubscribe(tokenHash: NudgePlanner.digest(token), at: clock())?.kind
    }

    /// The team's outbox for its admins: who, which kind, when and how it went; never the words.
    public func log(for viewer: Member, status: OutboundEmailStatus?, page: Paging) async throws -> ListPage<OutboundEmail> {
        guard viewer.isAdmin else { throw DomainError.forbidden("only admins can read the email log") }
        return try await email.emails(in: viewer.teamID, status: status, page: page)
    }
}
