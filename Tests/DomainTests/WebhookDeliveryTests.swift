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
}
