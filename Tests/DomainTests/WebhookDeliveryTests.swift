import Domain
import Foundation
import Testing

@Suite struct WebhookDeliveryTests {
    @Test func retriesBackOffExponentiallyUpToTheCapThenGiveUp() {
        let policy = RetryPolicy()
        var delivery = WebhookDelivery(
            subscriptionID: .init(), teamID: .init(), event: .debriefOpened, eventKey: "k", body: "{}", nextAttemptAt: .distantPast,
            createdAt: .distantPast)
        let start = Date(timeIntervalSince1970: 0)
        var delays: [TimeInterval] = []
        for attempt in 0..<policy.maxAttempts {
            let now = start.addingTimeInterval(Double(attempt))
            delivery.failed(statusCode: 500, error: "HTTP 500", at: now, policy: policy)
            if delivery.status == .pending { delays.append(delivery.nextAttemptAt.timeIntervalSince(now)) }
        }

        #expect(delays == [60, 120, 240, 480, 960, 1920, 3840, 7680, 14400])
        #expect(delivery.status == .failed)
        #expect(delivery.attempts == 10)
    }

    @Test func slackTextEscapesControlCharactersAndLinksThePage() {
        let occurrence = OutboundOccurrence(
            event: .briefReady, occurredAt: Date(timeIntervalSince1970: 0),
            subject: .briefReady(account: .init(), name: "A&B <Corp>", after: .deal(.init())))

        let text = WebhookPayload.slackText(for: occurrence, link: "https://r.example/accounts/1/brief")

        #expect(text == "The follow-up brief for *A&amp;B &lt;Corp&gt;* is ready. <https://r.example/accounts/1/brief|Read the brief>")
    }

    @Test func slackTextShowsTimesInTheTeamsZoneNamed() {
        let due = ISO8601DateFormatter().date(from: "2026-12-03T15:00:00Z")!
        let occurrence = OutboundOccurrence(
            event: .debriefDue, occurredAt: due, subject: .debrief(.init(), title: "Lost Globex", account: nil, eventAt: due, dueAt: due))

        let chicago = WebhookPayload.slackText(for: occurrence, link: "https://r.example/d", zone: TimeZone(identifier: "America/Chicago")!)
        let utc = WebhookPayload.slackText(for: occurrence, link: "https://r.example/d")

        #expect(chicago.contains("was due 2026-12-03 09:00 GMT-6") || chicago.contains("was due 2026-12-03 09:00 CST"))
        #expect(utc.contains("was due 2026-12-03 15:00 UTC"))
    }
}
