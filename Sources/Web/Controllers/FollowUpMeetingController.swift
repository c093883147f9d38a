import Domain
import Features
import Foundation
import Hummingbird

/// The next meeting with an account, over the API.
struct FollowUpMeetingController {
    let meetings: FollowUpMeetings

    struct MeetingBody: Decodable {
        let startsAt: Date?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.getNextMeeting, use: get)
        router.add(.scheduleNextMeeting, use: schedule)
        router.add(.cancelNextMeeting, use: cancel)
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> FollowUpMeetingResponse {
        let account = try context.parameters.id(as: AccountID.self, what: "account")
        guard let meeting = try await meetings.meeting(of: account, for: context.user) else { throw DomainError.notFound("next meeting") }
        return FollowUpMeetingResponse(meeting)
    }

    @Sendable func schedule(_ request: Request, context: AuthenticatedContext) async throws -> FollowUpMeetingResponse {
        let account = try context.parameters.id(as: AccountID.self, what: "account")
        let body = try await request.decodeJSON(as: MeetingBody.self, context: context)
        return FollowUpMeetingResponse(try await meetings.schedule(account, at: body.startsAt, by: context.user))
    }

    @Sendable func cancel(_ request: Request, context: AuthenticatedContext) async throws -> HTTPResponse.Status {
        try await meetings.cancel(try context.parameters.id(as: AccountID.self, what: "account"), by: context.user)
        return .noContent
    }
}

struct FollowUpMeetingResponse: ResponseEncodable {
    let accountId: AccountID
    let ownerId: MemberID
    let startsAt: Date
    let createdAt: Date

    init(_ m: FollowUpMeeting) {
        accountId = m.accountID
        ownerId = m.ownerID
        startsAt = m.startsAt
        createdAt = m.createdAt
    }
}
