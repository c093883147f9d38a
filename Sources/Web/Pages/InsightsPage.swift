import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Themes, time-to-learn and recoveries for the team, with SVG charts. Never a ranking of people.
struct InsightsPage {
    let insights: any InsightsRepository
    let renderer: PageRenderer
    let clock: @Sendable () -> Date

    struct Figure {
        let label: String
        let value: String
        let detail: String
    }

    struct Model {
        let chrome: Chrome
        let period: String
        let figures: [Figure]
        /// SVG built by `Charts`, every label escaped.
        let weeklyChart: String
        let lostReasonsChart: String?
        let topicsChart: String?
        let tagsChart: String?
        let lossReasons: [LossReasonComparison]
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.insights, use: page)
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let now = clock()
        let end = InsightsCache.defaultEnd(now)
        let insights = try await self.insights.insights(in: context.team, from: end.addingTimeInterval(-12 * 7 * 86_400), to: end)
        func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" }
        let figures = [
            Figure(label: "Reflections completed", value: percent(insights.completionRate), detail: "\(insights.reflectionsCompleted) of \(insights.reflectionsDue) due"),
            Figure(label: "Completed on time", value: percent(insights.onTimeRate), detail: "by their due time"),
            Figure(
                label: "Failure to debrief", value: insights.medianHoursToDebrief.map { "\(Int($0.rounded())) h" } ?? "—",
                detail: "median over \(insights.debriefsCompleted) completed debriefs"),
            Figure(
                label: "Questions answered before the follow-up", value: percent(insights.answeredBeforeFollowUpRate),
                detail: "\(insights.questionsAnsweredBeforeFollowUp) of \(insights.questionsBeforeFollowUp)"),
            Figure(label: "Open questions", value: "\(insights.openQuestions)", detail: "customer questions still waiting for an answer"),
            Figure(label: "Accounts recovered", value: percent(insights.recoveryRate), detail: "\(insights.recovered) of \(insights.followUpsWithResult) follow-ups with a result"),
        ]
        let model = Model(
            chrome: Chrome(title: "Insights", user: context.user, csrf: context.csrf, section: "Insights"),
            period: "Last 12 weeks, the whole team. Rebound shows themes and time-to-learn, never a ranking of people.",
            figures: figures, weeklyChart: Charts.weekly(insights.weeks, id: "weekly", zone: insights.zone),
            lostReasonsChart: insights.lostReasons.isEmpty ? nil : Charts.themes(insights.lostReasons, id: "lost", title: "Why deals were lost"),
            topicsChart: insights.questionTopics.isEmpty ? nil : Charts.themes(insights.questionTopics, id: "topics", title: "Topics of unanswered questions"),
            tagsChart: insights.lessonTags.isEmpty ? nil : Charts.themes(insights.lessonTags, id: "tags", title: "Lesson tags"),
            lossReasons: insights.lossReasonThemes)
        return renderer.render(.insights, model)
    }
}
