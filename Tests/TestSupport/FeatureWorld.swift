import Domain
import Foundation
import Storage

/// A team to run features against, stored in a real database: an admin, a rep and a manager, an
/// account, and a bad call the rep logged.
public struct FeatureWorld: Sendable {
    public let repositories: Repositories
    public let clock = TestClock()
    public let team: Team
    public let admin: Member
    public let rep: Member
    public let manager: Member
    public let account: Account
    public let badCall: Interaction

    public init(_ repositories: Repositories) async throws {
        self.repositories = repositories
        let now = clock.now
        team = Team(name: "Acme", createdAt: now)
        admin = Member(teamID: team.id, name: "Ada", email: "ada@acme.test", role: .admin, createdAt: now)
        rep = Member(teamID: team.id, name: "Rita", email: "rita@acme.test", role: .rep, expertise: ["pricing"], createdAt: now)
        manager = Member(teamID: team.id, name: "Max", email: "max@acme.test", role: .manager, createdAt: now)
        try await repositories.teams.createTeam(team, admin: admin, passwordHash: "unused")
        try await repositories.members.createMember(rep, passwordHash: "unused")
        try await repositories.members.createMember(manager, passwordHash: "unused")
        account = Account(teamID: team.id, name: "Globex", industry: "Logistics", createdAt: now)
        try await repositories.accounts.createAccount(account)
        badCall = Interaction(
            teamID: team.id, accountID: account.id, repID: rep.id, kind: .call, occurredAt: now, participants: ["Pat"], outcome: .bad,
            summary: "Pricing went sideways", createdAt: now)
        try await repositories.interactions.createInteraction(badCall, reflection: Reflection.owed(for: badCall, policy: team.reviewPolicy, now: now))
    }
}

extension TestDatabase {
    /// Runs `body` with a fresh world in a migrated, empty database.
    public func withWorld<T: Sendable>(_ body: (FeatureWorld) async throws -> T) async throws -> T {
        try await withDatabase { database in try await body(try await FeatureWorld(try await database.repositories().all)) }
    }
}
