import Foundation

/// Team-level learning figures. Deliberately no per-person breakdown: Rebound never ranks people by
/// their failures; it shows themes, processes and time-to-learn.
public struct Insights: Equatable, Sendable {
    public struct Count: Equatable, Sendable, Codable {
        public let label: String
        public let count: Int
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    public struct Week: Equatable, Sendable, Codable {
        /// Monday 00:00 of the week in the team's zone (`Insights.zone`).
        public let start: Date
        public let failures: Int
        public let reflectionsCompleted: Int
        public init(start: Date, failures: Int, reflectionsCompleted: Int) {
            self.start = start
            self.failures = failures
            self.reflectionsCompleted = reflectionsCompleted
        }
    }

    public let from: Date
    public let to: Date
    public let reflectionsDue: Int
    public let reflectionsCompleted: Int
    public let reflectionsOnTime: Int
    /// Median hours from a failure to its debrief's completion.
    public let medianHoursToDebrief: Double?
    public let debriefsCompleted: Int
    public let questionsBeforeFollowUp: Int
    public let questionsAnsweredBeforeFollowUp: Int
    public let followUpsWithResult: Int
    public let recovered: Int
    /// Customer questions still open now, whenever they were asked.
    public let openQuestions: Int
    public let lostReasons: [Count]
    /// Lost deals by the team's loss reasons: what the CRM said, what debriefs concluded, how often they differ.
    public let lossReasonThemes: [LossReasonComparison]
    public let questionTopics: [Count]
    public let lessonTags: [Count]
    public let weeks: [Week]
    /// The team's zone, whose Mondays begin the weeks.
    public let zone: TimeZone

    public init(
        from: Date, to: Date, reflectionsDue: Int, reflectionsCompleted: Int, reflectionsOnTime: Int, medianHoursToDebrief: Double?,
        debriefsCompleted: Int, questionsBeforeFollowUp: Int, questionsAnsweredBeforeFollowUp: Int, followUpsWithResult: Int,
        recovered: Int, openQuestions: Int, lostReasons: [Count], lossReasonThemes: [LossReasonComparison] = [], questionTopics: [Count],
        lessonTags: [Count], weeks: [Week], zone: TimeZone = .gmt
    ) {
        self.zone = zone
        self.lossReasonThemes = lossReasonThemes
        self.openQuestions = openQuestions
        self.from = from
        self.to = to
        self.reflectionsDue = reflectionsDue
        self.reflectionsCompleted = reflectionsCompleted
        self.reflectionsOnTime = reflectionsOnTime
        self.medianHoursToDebrief = medianHoursToDebrief
        self.debriefsCompleted = debriefsCompleted
        self.questionsBeforeFollowUp = questionsBeforeFollowUp
        self.questionsAnsweredBeforeFollowUp = questionsAnsweredBeforeFollowUp
        self.followUpsWithResult = followUpsWithResult
        self.recovered = recovered
        self.lostReasons = lostReasons
        self.questionTopics = questionTopics
        self.lessonTags = lessonTags
        self.weeks = weeks
    }

    public static func rate(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    public var completionRate: Double? { Self.rate(reflectionsCompleted, of: reflectionsDue) }
    public var onTimeRate: Double? { Self.rate(reflectionsOnTime, of: reflectionsDue) }
    public var answeredBeforeFollowUpRate: Double? { Self.rate(questionsAnsweredBeforeFollowUp, of: questionsBeforeFollowUp) }
    public var recoveryRate: Double? { Self.rate(recovered, of: followUpsWithResult) }

    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Monday 00:00 UTC of the week containing `date`.
    public static func weekStart(_ date: Date, zone: TimeZone = .gmt) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        return calendar.dateInterval(of: .weekOfYear, for: date)!.start
    }

    /// Counts per week from `from` to `to`, including empty weeks.
    public static func weeks(from: Date, to: Date, failures: [Date], completions: [Date]) -> [Week] {
        weeks(
            from: from, to: to, failuresPerWeek: Dictionary(grouping: failures, by: { weekStart($0) }).mapValues(\.count),
            completionsPerWeek: Dictionary(grouping: completions, by: { weekStart($0) }).mapValues(\.count))
    }

    /// The same from counts already grouped by week start (as the database groups them).
    public static func weeks(
        from: Date, to: Date, failuresPerWeek failureWeeks: [Date: Int], completionsPerWeek completionWeeks: [Date: Int], zone: TimeZone = .gmt
    ) -> [Week] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        var result: [Week] = []
        var start = weekStart(from, zone: zone)
        while start < to, result.count < 60 {
            result.append(Week(start: start, failures: failureWeeks[start] ?? 0, reflectionsCompleted: completionWeeks[start] ?? 0))
            // A week is seven days of the zone's calendar, 167 or 169 hours across a daylight-saving change.
            start = calendar.date(byAdding: .weekOfYear, value: 1, to: start) ?? start.addingTimeInterval(7 * 86_400)
        }
        return result
    }
}
