import App
import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport
import Web

/// Trust II: a burst of events (a CRM import of 5,000 closed-lost deals) is announced in full,
/// each event exactly once, with two dispatchers at work on PostgreSQL; nothing stays pending.
@Suite struct WebhookBurstTests {
    static let deals = 5_000

    @Test(arguments: TestDatabase.enabled)
    func fiveThousandEventsInAMinuteAreEachDeliveredExactlyOnce(database: TestDatabase) async throws {
        try await WebhookReceiver.run(answering: [200]) { receiver, url in
            let clock = TestClock()
            try await APIHarness.run(on: database, clock: clock) { api in
                let admin = try await api.setup()
                let subscribed = try await api.request(.post, "/api/v1/webhooks", json: ["url": url, "events": ["debrief.opened"]], token: admin.token)
                try #require(subscribed.status == .created)
                clock.advance(minutes: 1)

                let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-burst-\(UUID()).csv")
                defer { try? FileManager.default.removeItem(at: file) }
                var csv = "crmId,name,account,status,closeDate\n"
                for index in 0..<Self.deals { csv += "D-\(index),Deal \(index),Account \(index % 50),lost,2026-10-01\n" }
                try csv.write(to: file, atomically: true, encoding: .utf8)
                try await App.withDatabase(api.location, logLevel: .error) { database in
                    let repositories = database.repositories().all
                    let ada = try #require(try await repositories.members.members(in: TeamID(admin.teamID)!).first)
                    let report = try await CRMImporter(repositories: repositories, now: clock.function)
                        .run(file: file.path, mapping: .generic, importer: ada, options: ImportOptions())
                    try #require(report.debriefsOpened == Self.deals)
                }
                clock.advance(minutes: 1)

                // Two dispatchers, each on its own connection pool, as two servers would run them.
                let servers = TestDatabase.postgresURL == nil ? 1 : 2
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<servers {
                        group.addTask {
                            try await withDispatcher(api.location, clock: clock) { dispatcher in
                                for _ in 0..<400 {
                                    let round = try await dispatcher.runOnce()
                                    if round.queued == 0, round.attempted == 0, receiver.received.count >= Self.deals { break }
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }

                let debriefs = receiver.received.compactMap { request in
                    (try? Reply.decode(DeliveredEvent.self, from: Data(request.body.utf8)))?.data.debriefId
                }
                #expect(receiver.received.count == Self.deals, "every event once: \(receiver.received.count) deliveries")
                #expect(Set(debriefs).count == Self.deals, "\(Set(debriefs).count) distinct debriefs")
                let subscription = try subscribed.decode(SubscribedReply.self).subscription.id
                let log = try await api.get("/api/v1/webhooks/\(subscription)/deliveries?limit=200", token: admin.token).decode(Page<DeliveryReply>.self)
                #expect(log.items.allSatisfy { $0.status == "delivered" }, "nothing stays pending")
            }
        }
    }
}
