import Domain
import Foundation

struct TeamRow: TableRow {
    static let table = "teams"

    var id: UUID
    var name: String
    var timeBoxMinutes: Int
    var badTimeBoxMinutes: Int
    var reflectionDueMinutes: Int
    var coolOffHours: Int
    var debriefDueHours: Int
    /// Null in archives made before the rule: off.
    var skipWeekends: Bool?
    /// Null for teams made before zones (and in their archives): `TimeZones.standard`.
    var timeZone: String?
    var createdAt: Date
    /// Never mapped to the Domain team, so it can never reach a response by accident.
    var webhookSecret: String?

    enum CodingKeys: String, CodingKey {
        case id, name
        case timeBoxMinutes = "time_box_minutes", badTimeBoxMinutes = "bad_time_box_minutes", reflectionDueMinutes = "reflection_due_minutes"
        case coolOffHours = "cool_off_hours", debriefDueHours = "debrief_due_hours", createdAt = "created_at"
        case webhookSecret = "webhook_secret", timeZone = "time_zone", skipWeekends = "skip_weekends"
    }

    init(_ team: Team, webhookSecret: String?) {
        id = team.id.rawValue
        name = team.name
        timeBoxMinutes = team.reviewPolicy.timeBoxMinutes
        badTimeBoxMinutes = team.reviewPolicy.badTimeBoxMinutes
        reflectionDueMinutes = team.reviewPolicy.reflectionDueMinutes
        coolOffHours = team.reviewPolicy.coolOffHours
        debriefDueHours = team.reviewPolicy.debriefDueHours
        skipWeekends = team.reviewPolicy.skipWeekends
        timeZone = team.timeZone
        createdAt = team.createdAt
        self.webhookSecret = webhookSecret
    }

    func domain() -> Team {
        Team(
            id: TeamID(id), name: name,
            reviewPolicy: ReviewPolicy(
                timeBoxMinutes: timeBoxMinutes, badTimeBoxMinutes: badTimeBoxMinutes, reflectionDueMinutes: reflectionDueMinutes,
                coolOffHours: coolOffHours, debriefDueHours: debriefDueHours, skipWeekends: skipWeekends ?? false),
            timeZone: timeZone ?? TimeZones.standard, createdAt: createdAt)
    }
}
