import Foundation

public typealias FollowUpMeetingID = Identifier<FollowUpMeeting>

/// The next meeting with an account after a failure, as the member who arranged it put it in Rebound:
/// one per account. The day before, its owner gets the follow-up brief by email.
public struct FollowUpMeeting: Equatable, Sendable {
    public let id: FollowUpMeetingID
    public let teamID: TeamID
    public let accountID: AccountID
    public let ownerID: MemberID
    public let startsAt: Date
    public let createdAt: Date

    public init(
        id: FollowUpMeetingID = FollowUpMeetingID(), teamID: TeamID, accountID: AccountID, ownerID: MemberID, startsAt: Date, createdAt: Date
    ) {
        self.id = id
        self.teamID = teamID
        self.accountID = accountID
        self.ownerID = ownerID
        self.startsAt = startsAt
        self.createdAt = createdAt
    }

    /// A meeting is ahead (a few minutes' grace for a form filled in slowly) and within a year.
    public static func validatedStart(_ startsAt: Date?, now: Date, field: String = "startsAt") throws -> Date {
        guard let startsAt else { throw DomainError.invalid(field, "is required: the meeting's date and time") }
        guard startsAt >= now.addingTimeInterval(-5 * 60) else { throw DomainError.invalid(field, "must be in the future") }
        guard startsAt <= now.addingTimeInterval(366 * 24 * 3600) else { throw DomainError.invalid(field, "must be within a year") }
        return startsAt
    }
}
