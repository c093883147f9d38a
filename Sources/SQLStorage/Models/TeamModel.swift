import Domain
import FluentKit
import Foundation

final class TeamModel: Model, @unchecked Sendable {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "time_box_minutes") var timeBoxMinutes: Int
    @Field(key: "bad_time_box_minutes") var badTimeBoxMinutes: Int
    @Field(key: "reflection_due_minutes") var reflectionDueMinutes: Int
    @Field(key: "cool_off_hours") var coolOffHours: Int
    @Field(key: "debrief_due_hours") var debriefDueHours: Int
    @Field(key: "created_at") var createdAt: Date
    /// Never mapped to the Domain team, so it can never reach a response by accident.
    @OptionalField(key: "webhook_secret") var webhookSecret: String?

    init() {}

    init(_ team: Team) {
        id = team.id.rawValue
        createdAt = team.createdAt
        apply(team)
    }

    func apply(_ team: Team) {
        name = team.name
        timeBoxMinutes = team.reviewPolicy.timeBoxMinutes
        badTimeBoxMinutes = team.reviewPolicy.badTimeBoxMinutes
        reflectionDueMinutes = team.reviewPolicy.reflectionDueMinutes
        coolOffHours = team.reviewPolicy.coolOffHours
        debriefDueHours = team.reviewPolicy.debriefDueHours
    }
}
