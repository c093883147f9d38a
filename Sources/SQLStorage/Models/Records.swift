import Domain
import Foundation

// Plain rows for the hottest reads, decoded by SQLKit. Fluent models stay the way rows are written;
// these only read, and map to the same Domain types. The coding keys name the columns: SQLKit's
// snake-case key strategy converts every key of every row, which cost more than the query itself.

struct AccountRecord: Decodable {
    let id: UUID
    let teamId: UUID
    let name: String
    let industry: String?
    let segment: String?
    let crmId: String?
    let createdAt: Date
    let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, industry, segment
        case teamId = "team_id", crmId = "crm_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    var domain: Account {
        Account(
            id: AccountID(id), teamID: TeamID(teamId), name: name, industry: industry, segment: segment, crmID: crmId, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}

struct TeamRecord: Decodable {
    let id: UUID
    let name: String
    let timeBoxMinutes: Int
    let badTimeBoxMinutes: Int
    let reflectionDueMinutes: Int
    let coolOffHours: Int
    let debriefDueHours: Int
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case timeBoxMinutes = "time_box_minutes", badTimeBoxMinutes = "bad_time_box_minutes", reflectionDueMinutes = "reflection_due_minutes"
        case coolOffHours = "cool_off_hours", debriefDueHours = "debrief_due_hours", createdAt = "created_at"
    }

    var domain: Team {
        Team(
            id: TeamID(id), name: name,
            reviewPolicy: ReviewPolicy(
                timeBoxMinutes: timeBoxMinutes, badTimeBoxMinutes: badTimeBoxMinutes, reflectionDueMinutes: reflectionDueMinutes,
                coolOffHours: coolOffHours, debriefDueHours: debriefDueHours),
            createdAt: createdAt)
    }
}
