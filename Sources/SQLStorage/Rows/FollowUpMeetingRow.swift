import Domain
import Foundation

struct FollowUpMeetingRow: TableRow {
    static let table = "follow_up_meetings"

    var id: UUID
    var teamID: UUID
    var accountID: UUID
    var ownerID: UUID
    var startsAt: Date
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case teamID = "team_id", accountID = "account_id", ownerID = "owner_id", startsAt = "starts_at", createdAt = "created_at"
    }

    init(_ m: FollowUpMeeting) {
        id = m.id.rawValue
        teamID = m.teamID.rawValue
        accountID = m.accountID.rawValue
        ownerID = m.ownerID.rawValue
        startsAt = m.startsAt
        createdAt = m.createdAt
    }

    func domain() -> FollowUpMeeting {
        FollowUpMeeting(id: .init(id), teamID: .init(teamID), accountID: .init(accountID), ownerID: .init(ownerID), startsAt: startsAt, createdAt: createdAt)
    }
}
