import Domain
import FluentKit
import Foundation
import SQLKit
@testable import SQLStorage
import Storage
import Testing
import TestSupport

/// `load` (how `rebound generate` writes) is all or nothing, like `atomically`, although on SQLite it
/// drops and recreates indexes and ends its transaction at the first conflict.
@Suite struct BulkLoadTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test(arguments: TestDatabase.enabled)
    func aLoadThatFailsOnItsLastBatchLeavesNothingAndTheDatabaseAsItWas(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let team = Team(name: "Load", createdAt: now)
            let rep = Member(teamID: team.id, name: "Rita", email: "rita@load.test", role: .rep, createdAt: now)
            try await repositories.teams.createTeam(team, admin: rep, passwordHash: "hash")
            let indexes = try await indexNames(service)
            let account = Account(teamID: team.id, name: "Globex", createdAt: now)

            await #expect(throws: (any Error).self) {
                try await repositories.bulk.load { repositories in
                    var first = WriteBatch()
                    first.accounts = [account]
                    for _ in 0..<1500 { first.append(call(team: team, rep: rep, account: account)) }
                    try await repositories.bulk.write(first)
                    var last = WriteBatch()
                    let clash = call(team: team, rep: rep, account: account)
                    last.append(clash)
                    last.interactions.append(clash.0)  // the same interaction twice
                    try await repositories.bulk.write(last)
                }
            }

            let stored = try await repositories.interactions.interactions(in: team.id, filter: InteractionFilter(), page: Paging(limit: 10))
            #expect(stored.items.isEmpty)
            #expect(try await repositories.accounts.account(account.id, in: team.id) == nil)
            #expect(try await indexNames(service) == indexes, "every index is still there")
            // The database takes ordinary writes again.
            try await repositories.accounts.createAccount(account)
            let later = call(team: team, rep: rep, account: account)
            try await repositories.interactions.createInteraction(later.0, reflection: later.1)
            #expect(try await repositories.interactions.interactions(in: team.id, filter: InteractionFilter(), page: Paging(limit: 10)).items.count == 1)
        }
    }

    /// SQLite keeps no insight counts during a load and counts the new teams' rows at its end; rows
    /// added to a team that was already there would go uncounted, so the load refuses them.
    @Test func aLoadIntoATeamThatWasAlreadyThereFailsAndChangesNothing() async throws {
        try await TestDatabase.sqlite.withDatabase { service in
            let repositories = service.repositories().all
            let team = Team(name: "Old", createdAt: now)
            let rep = Member(teamID: team.id, name: "Rita", email: "rita@old.test", role: .rep, createdAt: now)
            try await repositories.teams.createTeam(team, admin: rep, passwordHash: "hash")
            let account = Account(teamID: team.id, name: "Globex", createdAt: now)
            try await repositories.accounts.createAccount(account)

            await #expect(throws: (any Error).self) {
                try await repositories.bulk.load { repositories in
                    var batch = WriteBatch()
                    batch.append(call(team: team, rep: rep, account: account))
                    try await repositories.bulk.write(batch)
                }
            }

            #expect(try await repositories.interactions.interactions(in: team.id, filter: InteractionFilter(), page: Paging(limit: 10)).items.isEmpty)
            // The counts are kept again: an ordinary bad call is counted.
            var bad = call(team: team, rep: rep, account: account)
            bad.0.outcome = .bad
            try await repositories.interactions.createInteraction(bad.0, reflection: bad.1)
            let insights = try await repositories.insights.insights(in: team.id, from: now.addingTimeInterval(-86_400 * 7), to: now.addingTimeInterval(86_400 * 7))
            #expect(insights.weeks.reduce(0) { $0 + $1.failures } == 1)
        }
    }

    func call(team: Team, rep: Member, account: Account) -> (Interaction, Reflection) {
        let interaction = Interaction(teamID: team.id, accountID: account.id, repID: rep.id, kind: .call, occurredAt: now, outcome: .good, createdAt: now)
        return (interaction, Reflection.owed(for: interaction, policy: team.reviewPolicy, now: now))
    }

    func indexNames(_ service: DatabaseService) async throws -> [String] {
        let sql = service.database().sql()
        let rows = sql.dialect.name == "sqlite"
            ? try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
            : try await sql.raw("SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname").all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }
}

extension WriteBatch {
    mutating func append(_ call: (Interaction, Reflection)) {
        interactions.append(call.0)
        reflections.append(call.1)
    }
}
