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
