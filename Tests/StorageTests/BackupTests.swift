import App
import Domain
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport

@Suite struct BackupTests {
    @Test func aBackupTakenWhileTheDatabaseIsInUseHoldsEveryAcknowledgedWrite() async throws {
        let location = try TestDatabase.sqlite.freshLocation()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-backup-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let now = Date()

        let team = try await withDatabase(location) { service in
            let repositories = service.repositories().all
            let team = Team(name: "Acme", createdAt: now)
            try await repositories.teams.createTeam(
                team, admin: Member(teamID: team.id, name: "Ada", email: "ada@acme.test", role: .admin, createdAt: now), passwordHash: "x")
            try await repositories.accounts.createAccount(Account(teamID: team.id, name: "Globex", createdAt: now))
            // The service stays open, as it would in a running server, while the copy is taken.
            try await service.backup(to: copy)
            await #expect(throws: (any Error).self) { try await service.backup(to: copy) }
            return team
        }
        let accounts = try await withDatabase(.sqlite(path: copy)) { service in
            try await service.repositories().all.accounts.accounts(in: team.id, filter: AccountFilter(), page: Paging())
        }

        #expect(accounts.items.map(\.name) == ["Globex"])
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func postgresBackupsPointToPgDump() async throws {
        try await TestDatabase.postgres.withDatabase { service in
            await #expect(throws: StorageError.self) { try await service.backup(to: "/tmp/never.sqlite") }
        }
    }
}
