import App
import Domain
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport

@Suite struct DemoTeamTests {
    @Test(arguments: TestDatabase.enabled)
    func theDemoTeamIsALivingProductAndIsWrittenOnlyOnce(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let now = Date()

            let first = try await DemoTeam.seed(repositories: repositories, bcryptCost: 4, now: now)
            let second = try await DemoTeam.seed(repositories: repositories, bcryptCost: 4, now: now)
            let (rita, _) = try #require(try await repositories.members.credentials(email: DemoTeam.repEmail))
            let queue = try await repositories.reflections.reflections(
                visibleTo: rita.id, in: rita.teamID, status: .pending, mineOnly: true, page: Paging())
            let insights = try await repositories.insights.insights(in: rita.teamID, from: now.addingTimeInterval(-30 * 86_400), to: now.addingTimeInterval(1))
            let brief = try await renderBrief(repositories: repositories, account: "Globex", viewerEmail: DemoTeam.repEmail)

            #expect(first)
            #expect(!second)
            #expect(queue.items.count == 2)
            #expect(queue.items.first?.isOverdue(at: now) == true)
            #expect(insights.recovered == 1)
            #expect(insights.lostReasons.first?.label == "Went with a cheaper vendor")
            #expect(brief.contains("Otto Ops"))
            #expect(brief.contains("STILL OPEN"))
        }
    }
}
