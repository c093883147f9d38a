import Foundation
import Hummingbird
import Testing
import TestSupport

@Suite struct MetricsTests {
    @Test(arguments: TestDatabase.enabled)
    func metricsReportQueueSizesAndOverdueCountsWithoutNamingAnyone(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            _ = try await api.logInteraction(admin, account: account, outcome: "bad", occurredAt: iso(clock.now.addingTimeInterval(-3 * 3600)))
            _ = try await api.logInteraction(admin, account: account, outcome: "good")

            let metrics = try await api.get("/metrics", token: APIHarness.metricsToken)

            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("rebound_reflections_pending 2"))
            #expect(metrics.text.contains("rebound_reflections_overdue 1"))
            #expect(metrics.text.contains("# HELP rebound_debriefs_overdue"))
            #expect(!metrics.text.contains(admin.memberID) && !metrics.text.contains(admin.teamID))
        }
    }
}
