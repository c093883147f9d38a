import App
import SQLStorage
import Testing
import TestSupport

/// Without `REBOUND_TEST_POSTGRES_URL` the PostgreSQL half of every database test does not run;
/// this test is then reported as skipped, so a run never looks like it covered PostgreSQL when it did not.
@Suite struct PostgreSQLTests {
    @Test(
        .enabled(
            if: TestDatabase.postgresURL != nil,
            "REBOUND_TEST_POSTGRES_URL is not set: the PostgreSQL case of every database test was skipped"))
    func thePostgreSQLCasesRan() async throws {
        let migrated = try await TestDatabase.postgres.withDatabase { service in
            try await service.repositories().all.teams.anyTeamExists()
        }
        #expect(migrated == false)
    }
}
