import Domain
import Foundation
import Storage
import Testing
import TestSupport

/// Search ranks only a window of the newest matches; what a viewer may see must still be found.
@Suite struct SearchTests {
    @Test(arguments: TestDatabase.enabled)
    func aVisibleMatchIsFoundBehindMoreThanAWindowOfNewerPrivateOnes(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let lesson = Lesson(
                teamID: world.team.id, debriefID: nil, text: "Bring the pricing sheet to renewals", tags: [], authorID: world.manager.id,
                createdAt: world.clock.now)
            try await r.learning.addLesson(lesson)
            var batch = WriteBatch()
            for index in 1...1_100 {
                let at = world.clock.now.addingTimeInterval(Double(index) * 60)
                let call = Interaction(
                    teamID: world.team.id, accountID: world.account.id, repID: world.rep.id, kind: .call, occurredAt: at, outcome: .neutral,
                    createdAt: at)
                var reflection = Reflection.owed(for: call, policy: world.team.reviewPolicy, now: at)
                try reflection.edit(ReflectionNotes([.whatToImprove: "Pricing came up again, case \(index)"]), at: at)
                batch.interactions.append(call)
                batch.reflections.append(reflection)
            }
            try await r.bulk.write(batch)

            let managers = try await r.search.search(SearchQuery(team: world.team.id, viewer: world.manager.id, text: "pricing"))
            let reps = try await r.search.search(SearchQuery(team: world.team.id, viewer: world.rep.id, text: "pricing"))

            #expect(managers.map(\.refID) == [lesson.id.rawValue])
            #expect(reps.count == 20)
            #expect(reps.contains { $0.kind == .reflection })
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aWordStillBeingTypedIsMatchedAsAPrefixAndAWholeWordByItsStem(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let lesson = Lesson(
                teamID: world.team.id, debriefID: nil, text: "Show the warehouse connectors early", tags: [], authorID: world.manager.id,
                createdAt: world.clock.now)
            try await world.repositories.learning.addLesson(lesson)
            func search(_ text: String) async throws -> [UUID] {
                try await world.repositories.search.search(SearchQuery(team: world.team.id, viewer: world.rep.id, text: text)).map(\.refID)
            }

            #expect(try await search("connec") == [lesson.id.rawValue])
            #expect(try await search("connector") == [lesson.id.rawValue])
            #expect(try await search("warehouse conn") == [lesson.id.rawValue])
            #expect(try await search("conveyor").isEmpty)
        }
    }
}
