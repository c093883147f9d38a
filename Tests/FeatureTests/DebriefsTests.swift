import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport

/// The debrief feature on its own, on each database: the rules the API and the pages share.
@Suite struct DebriefsTests {
    @Test(arguments: TestDatabase.enabled)
    func aDraftPerspectiveIsSeenOnlyByItsAuthorUntilSubmitted(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
            let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.rep)
            _ = try await debriefs.writePerspective("The quote came late", area: DebriefArea.allCases[0], in: debrief.id, by: world.rep)

            let beforeSubmitting = try await debriefs.workspace(debrief.id, for: world.manager)
            let ownView = try await debriefs.workspace(debrief.id, for: world.rep)
            #expect(try await debriefs.submitPerspectives(in: debrief.id, by: world.rep) == 1)
            let afterSubmitting = try await debriefs.workspace(debrief.id, for: world.manager)

            #expect(beforeSubmitting.perspectives.isEmpty)
            #expect(ownView.perspectives.map(\.text) == ["The quote came late"])
            #expect(afterSubmitting.perspectives.map(\.text) == ["The quote came late"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func escalatingABadCallTwiceOpensOneDebrief(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
            let first = try await debriefs.escalate(world.badCall.id, by: world.rep)
            let second = try await debriefs.escalate(world.badCall.id, by: world.manager)

            #expect(first.created && !second.created)
            #expect(second.debrief.id == first.debrief.id)
            #expect(try await debriefs.list(for: world.admin, filter: DebriefFilter(), page: Paging()).items.count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aDealThatIsStillOpenIsNotAFailureEvent(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
            let deal = Deal(teamID: world.team.id, accountID: world.account.id, name: "Fleet", createdAt: world.clock.now)
            try await world.repositories.deals.createDeal(deal, opening: nil)

            let error = await #expect(throws: DomainError.self) {
                try await debriefs.open(deal: deal.id, interaction: nil, settings: .init(), by: world.manager)
            }
            guard case .invalid(let fields)? = error else { Issue.record("expected an invalid dealId, got \(String(describing: error))"); return }
            #expect(fields.map(\.field) == ["dealId"])
            #expect(try await debriefs.list(for: world.admin, filter: DebriefFilter(), page: Paging()).items.isEmpty)
        }
    }
}
