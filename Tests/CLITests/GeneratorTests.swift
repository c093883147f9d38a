import App
import Domain
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport

@Suite struct GeneratorTests {
    @Test(arguments: TestDatabase.enabled)
    func aGeneratedTeamHasTheRequestedInteractionsAndTheirFailures(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let now = Date()

            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 300, seed: 7, now: now)
            let interactions = try await repositories.interactions.interactions(
                in: summary.team.id, filter: InteractionFilter(), page: Paging(limit: 200, offset: 200))
            let bad = try await repositories.interactions.interactions(
                in: summary.team.id, filter: InteractionFilter(outcome: .bad), page: Paging(limit: 200))
            let insights = try await repositories.insights.insights(in: summary.team.id, from: now.addingTimeInterval(-200 * 86_400), to: now)

            #expect(interactions.items.count == 100 && interactions.nextOffset == nil)
            #expect(!bad.items.isEmpty && bad.items.count < 100)
            #expect(summary.debriefs > 0)
            #expect(insights.reflectionsCompleted > 0 && !insights.lostReasons.isEmpty)
        }
    }
}
