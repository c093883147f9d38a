import App
import Domain
import Foundation
import SQLStorage
import Testing
import TestSupport

@Suite struct UserAddTests {
    @Test(arguments: TestDatabase.enabled)
    func addingAUserToANewTeamCreatesTheTeamWithThemAsAdmin(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all

            let first = try await addUser(
                repositories: repositories, teamName: "Acme", name: "Ada", email: "ada@acme.test", role: .admin,
                password: "long enough pw", expertise: ["Security"], bcryptCost: 4)
            let second = try await addUser(
                repositories: repositories, teamName: "Acme", name: "Otto", email: "otto@acme.test", role: .manager,
                password: "long enough pw", expertise: ["operations"], bcryptCost: 4)
            let members = try await repositories.members.members(in: first.team.id)
            let credentials = try #require(try await repositories.members.credentials(email: "ada@acme.test"))

            #expect(first.createdTeam)
            #expect(!second.createdTeam)
            #expect(second.team.id == first.team.id)
            #expect(members.map(\.name) == ["Ada", "Otto"])
            #expect(members.first?.expertise == ["security"])
            #expect(credentials.passwordHash.hasPrefix("$2b$04$"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aNewTeamsFirstMemberMustBeAnAdminAndBadInputChangesNothing(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all

            await #expect(throws: DomainError.self) {
                try await addUser(
                    repositories: repositories, teamName: "Acme", name: "Rita", email: "rita@acme.test", role: .rep,
                    password: "long enough pw", expertise: [], bcryptCost: 4)
            }
            let invalid = await #expect(throws: DomainError.self) {
                try await addUser(
                    repositories: repositories, teamName: "Acme", name: "", email: "nope", role: .admin, password: "short",
                    expertise: [], bcryptCost: 4)
            }

            let anyTeam = try await repositories.teams.anyTeamExists()
            #expect(anyTeam == false)
            guard case .invalid(let errors) = invalid else { Issue.record("expected field errors"); return }
            #expect(Set(errors.map(\.field)) == ["name", "email", "password"])
        }
    }
}
