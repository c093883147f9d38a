import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport

/// The question library on its own, on each database.
@Suite struct QuestionsTests {
    @Test(arguments: TestDatabase.enabled)
    func onlyTheMemberWhoLoggedAQuestionMovesItOutOfTheLibrary(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (question, _) = try await questions.ask("Can you do SSO?", topic: "security", account: world.account.id, inLibrary: true, by: world.rep)

            await #expect(throws: DomainError.self) {
                _ = try await questions.update(question.id, .init(inLibrary: false), by: world.manager)
            }
            let answered = try await questions.update(question.id, .init(status: .answered, answer: "Yes, SAML and OIDC"), by: world.manager)
            let moved = try await questions.update(question.id, .init(inLibrary: false), by: world.rep)

            #expect(answered.answeredByID == world.manager.id)
            #expect(!moved.inLibrary && moved.answer == "Yes, SAML and OIDC")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aNewQuestionComesWithTheAnswerToASimilarOne(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (earlier, _) = try await questions.ask("Do you support SSO with Okta?", topic: nil, account: nil, inLibrary: true, by: world.rep)
            _ = try await questions.update(earlier.id, .init(status: .answered, answer: "Yes, through SAML"), by: world.admin)

            let (_, similar) = try await questions.ask("Is Okta SSO supported?", topic: nil, account: world.account.id, inLibrary: true, by: world.manager)

            #expect(similar.map(\.questionID) == [earlier.id])
            #expect(similar.first?.answer == "Yes, through SAML")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func openQuestionsWithTheSameWordsDoNotHideTheAnswer(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (answered, _) = try await questions.ask("Do you support SSO?", topic: nil, account: nil, inLibrary: true, by: world.rep)
            _ = try await questions.update(answered.id, .init(status: .answered, answer: "Yes, through SAML"), by: world.admin)
            for _ in 0..<12 {
                _ = try await questions.ask("Do you support SSO with Okta? SSO with Okta, please", topic: nil, account: nil, inLibrary: true, by: world.rep)
            }

            let similar = try await questions.similarAnswers(to: "SSO with Okta", for: world.manager)

            #expect(similar.map(\.questionID) == [answered.id])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anotherMembersPrivateAnswerIsSuggestedOnlyToThem(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (mine, _) = try await questions.ask("Can we pay quarterly?", topic: nil, account: nil, inLibrary: false, by: world.rep)
            _ = try await questions.update(mine.id, .init(status: .answered, answer: "Only on the enterprise plan"), by: world.rep)

            let toTheManager = try await questions.similarAnswers(to: "quarterly payment", for: world.manager)
            let toTheRep = try await questions.similarAnswers(to: "quarterly payment", for: world.rep)

            #expect(toTheManager.isEmpty)
            #expect(toTheRep.map(\.questionID) == [mine.id])
        }
    }

    /// Ranked by how well the words match, not by age: the older answer that shares both words comes
    /// before a newer one that shares one.
    @Test(arguments: TestDatabase.enabled)
    func theAnswerSharingMoreWordsComesFirst(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (both, _) = try await questions.ask("Does SSO work with Okta?", topic: nil, account: nil, inLibrary: true, by: world.rep)
            _ = try await questions.update(both.id, .init(status: .answered, answer: "Yes, Okta through SAML"), by: world.admin)
            world.clock.advance(hours: 1)
            let (one, _) = try await questions.ask("Is SSO on every plan?", topic: nil, account: nil, inLibrary: true, by: world.rep)
            _ = try await questions.update(one.id, .init(status: .answered, answer: "Enterprise only"), by: world.admin)

            let similar = try await questions.similarAnswers(to: "Okta SSO", for: world.manager)

            #expect(similar.map(\.questionID) == [both.id, one.id])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aBusierTeamsNewerAnswersNeverCrowdOutOurs(database: TestDatabase) async throws {
        try await database.withWorld { world in
            let questions = Questions(repositories: world.repositories, clock: world.clock.function)
            let (ours, _) = try await questions.ask("Is there a discount for a multi-year term?", topic: nil, account: nil, inLibrary: true, by: world.rep)
            _ = try await questions.update(ours.id, .init(status: .answered, answer: "Ten percent for three years"), by: world.admin)
            let other = Team(name: "Initech", createdAt: world.clock.now)
            let theirAdmin = Member(teamID: other.id, name: "Bill", email: "bill@initech.test", role: .admin, createdAt: world.clock.now)
            try await world.repositories.teams.createTeam(other, admin: theirAdmin, passwordHash: "unused")
            var batch = WriteBatch()
            for index in 0..<(SimilarAnswers.window + 20) {
                var question = Question(
                    teamID: other.id, reflectionID: nil, accountID: nil, askedByID: theirAdmin.id, text: "Discount for a multi-year term, case \(index)?",
                    topic: nil, createdAt: world.clock.now.addingTimeInterval(Double(index)))
                try question.answer("No", by: theirAdmin.id, at: world.clock.now.addingTimeInterval(Double(index) + 1))
                batch.questions.append(question)
            }
            try await world.repositories.bulk.write(batch)

            let similar = try await questions.similarAnswers(to: "multi-year discount", for: world.manager)

            #expect(similar.map(\.questionID) == [ours.id])
        }
    }
}
