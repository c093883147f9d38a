import Foundation

// The team's learning figures and its loss reasons (see Replies.swift).

/// `InsightsResponse`: figures for a period, never per person.
public struct InsightsReply: Decodable, Sendable {
    /// `InsightRates`: each is absent when its denominator is zero.
    public struct Rates: Decodable, Sendable {
        public let reflectionCompletion: Double?
        public let reflectionOnTime: Double?
        public let questionsAnsweredBeforeFollowUp: Double?
        public let recovery: Double?
    }

    /// `InsightCount`: a theme and how often it came up.
    public struct Count: Decodable, Sendable {
        public let label: String
        public let count: Int
    }

    /// `InsightWeek`.
    public struct Week: Decodable, Sendable {
        public let start: String
        public let failures: Int
        public let reflectionsCompleted: Int
    }

    public let from: String
    public let to: String
    public let reflectionsDue: Int
    public let reflectionsCompleted: Int
    public let reflectionsOnTime: Int
    public let medianHoursFromFailureToDebrief: Double?
    public let debriefsCompleted: Int
    public let questionsBeforeFollowUp: Int
    public let questionsAnsweredBeforeFollowUp: Int
    public let followUpsWithResult: Int
    public let recovered: Int
    public let rates: Rates
    public let lostReasons: [Count]
    public let questionTopics: [Count]
    public let lessonTags: [Count]
    public let weeks: [Week]
    public let openQuestions: Int
    public let lossReasonThemes: [LossReasonComparisonReply]?
}

/// `LossReasonComparison`: one team reason, what the CRM said and what debriefs concluded.
public struct LossReasonComparisonReply: Decodable, Sendable {
    public let reason: String
    public let label: String
    public let crm: Int
    public let concluded: Int
    public let differ: Int
}

/// `LossReason`: one of the team's loss reasons.
public struct LossReasonReply: Decodable, Sendable {
    public let key: String
    public let label: String
}

/// `LossReasonMapping`: how one CRM loss reason text maps to a team reason.
public struct MappingReply: Decodable, Sendable {
    public let crmReason: String
    public let reason: String
    public let confirmed: Bool
    public let updatedAt: String
}
