import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport
@testable import Web

/// What the pages show, checked on their models (no HTML): the adapter builds them from a feature's
/// result for one member, so privacy and the derived flags are decided here.
@Suite struct PageModelTests {
    /// The home page as the server builds it, over the world's database.
    func homePage(_ world: FeatureWorld, renderer: PageRenderer) -> HomePage {
        let r = world.repositories
        return HomePage(
            opener: DebriefOpener(repositories: r), accounts: r.accounts, interactions: r.interactions, reflections: r.reflections,
            debriefs: r.debriefs, learning: r.learning, renderer: renderer, clock: world.clock.function)
    }

    @Test(arguments: TestDatabase.enabled)
    func theQueueHoldsOnlyMyOwnReflectionsAndMarksTheOverdueOnes(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let renderer = try await PageRenderer.load()
            let home = homePage(world, renderer: renderer)

            let fresh = try await home.model(for: world.rep, csrf: "token")
            world.clock.advance(hours: 24 * 8)
            let late = try await home.model(for: world.rep, csrf: "token")
            let managers = try await home.model(for: world.manager, csrf: "token")

            #expect(fresh.reflections.map(\.title) == ["Call with Globex"])
            #expect(fresh.reflections.first?.href == SiteURL.reflection(try #require(try await r.reflections.reflection(forInteraction: world.badCall.id, in: world.team.id)).id).path)
            #expect(fresh.reflections.first?.bad == true)
            #expect(!fresh.hasOverdue && fresh.overdueCount == 0)
            #expect(late.hasOverdue && late.overdueCount == 1)
            // The manager's queue never lists the rep's reflection: it is private to its author.
            #expect(managers.reflections.isEmpty)
            #expect(fresh.chrome.csrf == "token")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aPageRendersTheSameFromItsPreparedModelAsFromTheModelItself(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let renderer = try await PageRenderer.load()
            let home = homePage(world, renderer: renderer)
            let debriefs = Debriefs(repositories: r, clock: world.clock.function)
            let pages = DebriefPages(debriefs: debriefs, renderer: renderer, coach: BlameCoach(), clock: world.clock.function)
            let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.rep)
            _ = try await debriefs.writePerspective("We never asked <who> signs", area: DebriefArea.allCases[0], in: debrief.id, by: world.rep)

            let queue = try await home.model(for: world.rep, csrf: nil)
            let empty = try await home.model(for: world.admin, csrf: "token")
            let workspace = try await pages.workspaceModel(debrief.id, for: world.rep, csrf: "token")

            // swift-mustache reading the models through Mirror is the reference.
            #expect(renderer.html(.home, queue) == renderer.library.render(queue, withTemplate: "home"))
            #expect(renderer.html(.home, empty) == renderer.library.render(empty, withTemplate: "home"))
            #expect(renderer.html(.debrief, workspace) == renderer.library.render(workspace, withTemplate: "debrief"))
            #expect(renderer.html(.home, queue).contains("Call with Globex"))
            #expect(renderer.html(.debrief, workspace).contains("We never asked &lt;who&gt; signs"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aBadCallStaysOnTheFollowUpListUntilAFollowUpIsLoggedHoweverManyNewerOnesWere(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let home = homePage(world, renderer: try await PageRenderer.load())
            let other = Account(teamID: world.team.id, name: "Initech", createdAt: world.clock.now)
            try await r.accounts.createAccount(other)
            func log(outcome: Outcome, followUpOf: InteractionID?, minutesLater: Double) async throws -> Interaction {
                let call = Interaction(
                    teamID: world.team.id, accountID: other.id, repID: world.rep.id, kind: .call,
                    occurredAt: world.clock.now.addingTimeInterval(minutesLater * 60), outcome: outcome,
                    followUpOf: followUpOf.map { .interaction($0) }, createdAt: world.clock.now)
                try await r.interactions.createInteraction(call, reflection: Reflection.owed(for: call, policy: world.team.reviewPolicy, now: world.clock.now))
                return call
            }
            // Fifty newer bad calls, each already followed up.
            for index in 1...50 {
                let bad = try await log(outcome: .bad, followUpOf: nil, minutesLater: Double(index))
                _ = try await log(outcome: .good, followUpOf: bad.id, minutesLater: Double(index) + 0.5)
            }

            let before = try await home.model(for: world.rep, csrf: nil)
            _ = try await log(outcome: .neutral, followUpOf: world.badCall.id, minutesLater: 60)
            let after = try await home.model(for: world.rep, csrf: nil)

            #expect(before.followUps.map(\.title) == ["Follow up with Globex"])
            #expect(before.followUps.first?.href == SiteURL.brief(world.account.id).path)
            #expect(after.followUps.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anOpenDebriefIsOnTheQueueHoweverManyCompletedOnesWereDueBeforeIt(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let home = homePage(world, renderer: try await PageRenderer.load())
            var batch = WriteBatch()
            // One debrief per failure: each gets a bad call of its own.
            func failure() -> FailureEvent {
                let call = Interaction(
                    teamID: world.team.id, accountID: world.account.id, repID: world.rep.id, kind: .call, occurredAt: world.clock.now,
                    outcome: .bad, createdAt: world.clock.now)
                batch.interactions.append(call)
                batch.reflections.append(Reflection.owed(for: call, policy: world.team.reviewPolicy, now: world.clock.now))
                return .interaction(call.id)
            }
            for index in 0..<21 {
                let due = world.clock.now.addingTimeInterval(Double(index) * 3_600)
                batch.debriefs.append(
                    Debrief(
                        teamID: world.team.id, event: failure(), accountID: world.account.id, title: "Done \(index)",
                        eventAt: world.clock.now, dueAt: due, facilitatorID: world.manager.id, participantIDs: [world.rep.id], status: .completed,
                        completedAt: due, createdAt: world.clock.now))
            }
            let open = Debrief(
                teamID: world.team.id, event: failure(), accountID: world.account.id, title: "Still to hold",
                eventAt: world.clock.now, dueAt: world.clock.now.addingTimeInterval(86_400 * 2), facilitatorID: world.manager.id,
                participantIDs: [world.rep.id], createdAt: world.clock.now)
            batch.debriefs.append(open)
            try await r.bulk.write(batch)

            let queue = try await home.model(for: world.rep, csrf: nil)

            #expect(queue.debriefs.map(\.title) == ["Still to hold"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theWorkspaceShowsADraftOnlyToItsAuthorAndNamesTheFacilitator(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
            let pages = DebriefPages(debriefs: debriefs, renderer: try await PageRenderer.load(), coach: BlameCoach(), clock: world.clock.function)
            let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.rep)
            let area = DebriefArea.allCases[0]
            _ = try await debriefs.writePerspective("We never asked who signs", area: area, in: debrief.id, by: world.rep)

            let authors = try await pages.workspaceModel(debrief.id, for: world.rep, csrf: nil)
            let admins = try await pages.workspaceModel(debrief.id, for: world.admin, csrf: nil)

            #expect(authors.hasDrafts && !admins.hasDrafts)
            #expect(authors.areas.first?.myText == "We never asked who signs")
            #expect(admins.areas.allSatisfy { $0.myText.isEmpty && $0.views.isEmpty })
            #expect(authors.areas.map(\.key) == DebriefArea.allCases.map(\.rawValue))
            #expect(authors.areas.first?.formPath == SiteURL.perspective(debrief.id, area).path)
            #expect(authors.isParticipant)
            #expect(authors.facilitator == [world.admin, world.rep, world.manager].first { $0.id == debrief.facilitatorID }?.name)
        }
    }
}
