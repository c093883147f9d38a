import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport

/// The brief's lessons: the account's own first, then similar ones the team learned elsewhere.
@Suite struct BriefAssemblerTests {
    @Test(arguments: TestDatabase.enabled)
    func theAccountsOwnLessonsComeFirstThenLessonsOnTheSameTopicsAndNothingElse(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let r = world.repositories
            let debriefs = Debriefs(repositories: r, clock: world.clock.function)
            let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.rep)
            func lesson(_ text: String, debrief: DebriefID?, minutesLater: Double) async throws -> Lesson {
                let at = world.clock.now.addingTimeInterval(minutesLater * 60)
                let lesson = Lesson(teamID: world.team.id, debriefID: debrief, text: text, tags: [], authorID: world.manager.id, createdAt: at)
                try await r.learning.addLesson(lesson)
                return lesson
            }
            let older = try await lesson("Name the decision maker early", debrief: debrief.id, minutesLater: 1)
            let own = try await lesson("Send the agenda a day ahead", debrief: debrief.id, minutesLater: 2)
            let similar = try await lesson("Security reviews take a month in logistics", debrief: nil, minutesLater: 3)
            _ = try await lesson("Keep demos under twenty minutes", debrief: nil, minutesLater: 4)

            let lessons = try await BriefAssembler(repositories: r).similarLessons(account: world.account, topics: ["security"], viewer: world.rep)

            #expect(lessons.map(\.id) == [own.id, older.id, similar.id])
        }
    }
}
