import Logging
import ServiceLifecycle
import Storage

/// Folds every team's recorded changes into the kept insight counts every `interval`. Reads of insights
/// fold their own team's changes first, so this only bounds how long the logs grow (one row per written
/// row) for a team whose insights nobody opens, and how long its first read then takes.
struct InsightsFoldService: Service {
    let insights: any InsightsRepository
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatRounds(every: interval, logger: logger, failure: "folding insight changes failed") { try await insights.foldInsightChanges() }
    }
}
