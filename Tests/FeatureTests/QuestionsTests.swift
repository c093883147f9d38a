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
}
