import Domain
import Foundation
import Storage

/// Arranging the next meeting with an account after a failure. Whoever arranges it owns it and gets the
/// brief by email the day before; arranging it again (anyone in the team) replaces it.
public struct FollowUpMeetings: Sendable {
    let accounts: any AccountRepository
    let meetings: any FollowUpMeetingRepository
    let clock: @Sendable () -> Date

    public init(repositories: Repositories, clock: @escaping @Sendable () -> Date) {
        accounts = repositories.accounts
        meetings = repositories.meetings
        self.clock = clock
    }

    public func meeting(of account: AccountID, for user: Member) async throws -> FollowUpMeeting? {
        try await requireAccount(account, user)
        return try await meetings.meeting(of: account, in: user.teamID)
    }

    public func schedule(_ account: AccountID, at startsAt: Date?, by user: Member) async throws -> FollowUpMeeting {
        try await requireAccount(account, user)
        let now = clock()
        let meeting = FollowUpMeeting(
            teamID: user.teamID, accountID: account, ownerID: user.id, startsAt: try FollowUpMeeting.validatedStart(startsAt, now: now), createdAt: now)
        try await meetings.setMeeting(meeting)
        return meeting
    }

    public func cancel(_ account: AccountID, by user: Member) async throws {
        try await requireAccount(account, user)
        guard try await meetings.removeMeeting(of: account, in: user.teamID) else { throw DomainError.notFound("next meeting") }
    }

    private func requireAccount(_ id: AccountID, _ user: Member) async throws {
        guard try await accounts.account(id, in: user.teamID) != nil else { throw DomainError.notFound("account") }
    }
}
