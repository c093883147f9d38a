import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// `GET /api/v1/insights?from=&to=` (default: the last 12 weeks): the team's learning figures.
/// Team-level only; there is deliberately no per-person breakdown.
struct InsightsController {
    let insightsRepository: any InsightsRepository
    let clock: @Sendable () -> Date

    struct InsightsResponse: ResponseEncodable {
        struct Rates: Encodable {
            let reflectionCompletion: Double?
            let reflectionOnTime: Double?
            let questionsAnsweredBeforeFollowUp: Double?
            let recovery: Double?
        }

        let from: Date
        let to: Date
        let reflectionsDue: Int
        let reflectionsCompleted: Int
        let reflectionsOnTime: Int
        let medianHoursFromFailureToDebrief: Double?
        let debriefsCompleted: Int
        let questionsBeforeFollowUp: Int
        let questionsAnsweredBeforeFollowUp: Int
        let followUpsWithResult: Int
        let recovered: Int
        let openQuestions: Int
        let rates: Rates
        let lostReasons: [Insights.Count]
        /// The team's loss reasons: what the CRM said, what debriefs concluded, how often they differ.
        let lossReasonThemes: [LossReasonComparison]
        let questionTopics: [Insights.Count]
        let lessonTags: [Insights.Count]
        let weeks: [Insights.Week]
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.getInsights, use: insights)
    }

    @Sendable func insights(_ request: Request, context: AuthenticatedContext) async throws -> InsightsResponse {
        let query = QueryParameters(request)
        let now = clock()
        let to = try query.date("to") ?? InsightsCache.defaultEnd(now)
        let from = try query.date("from") ?? to.addingTimeInterval(-12 * 7 * 86_400)
        guard from < to, to.timeIntervalSince(from) <= 400 * 86_400 else {
            throw Problem.invalidQuery("from", "must be before to, at most 400 days earlier")
        }
        let i = try await insightsRepository.insights(in: context.team, from: from, to: to)
        return InsightsResponse(
            from: i.from, to: i.to, reflectionsDue: i.reflectionsDue, reflectionsCompleted: i.reflectionsCompleted, reflectionsOnTime: i.reflectionsOnTime,
            medianHoursFromFailureToDebrief: i.medianHoursToDebrief, debriefsCompleted: i.debriefsCompleted,
            questionsBeforeFollowUp: i.questionsBeforeFollowUp, questionsAnsweredBeforeFollowUp: i.questionsAnsweredBeforeFollowUp,
            followUpsWithResult: i.followUpsWithResult, recovered: i.recovered, openQuestions: i.openQuestions,
            rates: .init(
                reflectionCompletion: i.completionRate, reflectionOnTime: i.onTimeRate, questionsAnsweredBeforeFollowUp: i.answeredBeforeFollowUpRate,
                recovery: i.recoveryRate),
            lostReasons: i.lostReasons, lossReasonThemes: i.lossReasonThemes, questionTopics: i.questionTopics, lessonTags: i.lessonTags, weeks: i.weeks)
    }
}
