import Domain
import Foundation

/// A member's calendar feed: only the hash of its secret token is stored. No Domain type (the feed is
/// the member's, found by its hash) and no `team_id`: it belongs to a team through the member.
struct CalendarFeedRow: TableRow {
    static let table = "calendar_feeds"

    var id: UUID
    var memberID: UUID
    var tokenHash: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case memberID = "member_id", tokenHash = "token_hash", createdAt = "created_at"
    }

    init(member: MemberID, tokenHash: String, createdAt: Date) {
        id = UUID()
        memberID = member.rawValue
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
