import Foundation

public struct Team: Equatable, Sendable {
    public let id: TeamID
    public var name: String
    public var reviewPolicy: ReviewPolicy
    /// The zone of members who have not chosen their own (an IANA name, `TimeZones.standard` by default).
    public var timeZone: String
    public let createdAt: Date

    /// The policy as due times are computed with it: with the team's zone for the weekend rule.
    public var duePolicy: ReviewPolicy {
        var policy = reviewPolicy
        policy.zone = TimeZones.zone(timeZone)
        return policy
    }

    public init(
        id: TeamID = TeamID(), name: String, reviewPolicy: ReviewPolicy = .standard, timeZone: String = TimeZones.standard, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.reviewPolicy = reviewPolicy
        self.timeZone = timeZone
        self.createdAt = createdAt
    }

    public static func validatedName(_ name: String) throws -> String {
        var v = Validator()
        let name = v.requiredText(name, "teamName", maxLength: 120)
        try v.throwIfInvalid()
        return name
    }
}

/// How quickly a team reviews its calls and failures. Per team, edited by admins.
public struct ReviewPolicy: Equatable, Sendable, Codable {
    /// Time box for reflecting on a good or neutral interaction (seed 002: 5-10 minutes).
    public var timeBoxMinutes: Int
    /// Time box for a bad interaction (seed 002: maybe 30 minutes).
    public var badTimeBoxMinutes: Int
    /// A reflection is due this long after the interaction happened: details are freshest soon after.
    public var reflectionDueMinutes: Int
    /// How long "cool off and reflect tomorrow" pushes the due time (seed 002: wait 24 hours).
    public var coolOffHours: Int
    /// A team debrief is due this long after a failure event (seed 000: close to the event).
    public var debriefDueHours: Int
    /// Due times that land on a Saturday or Sunday (in the team's zone) move to the same time on Monday.
    public var skipWeekends: Bool
    /// The team's zone, for the weekend rule. Not stored with the policy: `Team.duePolicy` sets it.
    public var zone: TimeZone = .gmt

    enum CodingKeys: String, CodingKey {
        case timeBoxMinutes, badTimeBoxMinutes, reflectionDueMinutes, coolOffHours, debriefDueHours, skipWeekends
    }

    public static let standard = ReviewPolicy(
        timeBoxMinutes: 10, badTimeBoxMinutes: 30, reflectionDueMinutes: 120, coolOffHours: 24, debriefDueHours: 72)

    public init(
        timeBoxMinutes: Int, badTimeBoxMinutes: Int, reflectionDueMinutes: Int, coolOffHours: Int, debriefDueHours: Int, skipWeekends: Bool = false
    ) {
        self.skipWeekends = skipWeekends
        self.timeBoxMinutes = timeBoxMinutes
        self.badTimeBoxMinutes = badTimeBoxMinutes
        self.reflectionDueMinutes = reflectionDueMinutes
        self.coolOffHours = coolOffHours
        self.debriefDueHours = debriefDueHours
    }

    public func validate() throws {
        var v = Validator()
        v.check((1...240).contains(timeBoxMinutes), "reviewPolicy.timeBoxMinutes", "must be between 1 and 240")
        v.check((1...240).contains(badTimeBoxMinutes), "reviewPolicy.badTimeBoxMinutes", "must be between 1 and 240")
        v.check((1...10_080).contains(reflectionDueMinutes), "reviewPolicy.reflectionDueMinutes", "must be between 1 and 10080 (a week)")
        v.check((1...168).contains(coolOffHours), "reviewPolicy.coolOffHours", "must be between 1 and 168")
        v.check((1...720).contains(debriefDueHours), "reviewPolicy.debriefDueHours", "must be between 1 and 720")
        try v.throwIfInvalid()
    }

    public func timeBoxMinutes(for outcome: Outcome) -> Int {
        outcome == .bad ? badTimeBoxMinutes : timeBoxMinutes
    }

    /// When the reflection on an interaction is first due.
    public func reflectionDue(occurredAt: Date) -> Date {
        working(occurredAt.addingTimeInterval(TimeInterval(reflectionDueMinutes * 60)))
    }

    /// The due time after cooling off: a day after the later of the current due time and now,
    /// so deferring an overdue reflection still gives the rep a real day.
    public func deferredDue(currentDue: Date, now: Date) -> Date {
        working(max(currentDue, now).addingTimeInterval(TimeInterval(coolOffHours * 3600)))
    }

    /// When the debrief of a failure is due.
    public func debriefDue(eventAt: Date) -> Date {
        working(eventAt.addingTimeInterval(TimeInterval(debriefDueHours * 3600)))
    }

    private func working(_ due: Date) -> Date {
        skipWeekends ? WorkingDays.skippingWeekend(due, in: zone) : due
    }
}
