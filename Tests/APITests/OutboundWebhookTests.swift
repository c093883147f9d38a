import Crypto
import Domain
import Foundation
import Testing
import TestSupport

/// Outbound webhooks: signed deliveries to a real local receiver, retried with backoff, logged,
/// in Rebound's JSON or Slack's format, and never carrying what a team member could not see.
@Suite struct OutboundWebhookTests {
    func subscribe(_ api: APIClient, _ admin: Session, url: String, events: [String], format: String = "rebound") async throws -> (id: String, secret: String) {
        let reply = try await api.request(.post, "/api/v1/webhooks", json: ["url": url, "events": events, "format": format], token: admin.token)
        try #require(reply.status == .created, "subscribing failed: \(reply.text)")
        let subscribed = try reply.decode(SubscribedReply.self)
        return (subscribed.subscription.id, subscribed.secret)
    }

    func loseADeal(_ api: APIClient, _ admin: Session, name: String = "Fleet renewal") async throws -> String {
        let account = try await api.createAccount(admin, name: "Globex \(name)")
        let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": name], token: admin.token)
        let lost = try await api.request(
            .patch, "/api/v1/deals/\(try deal.decode(DealReply.self).id)", json: ["status": "lost", "lostReason": "Budget cut"], token: admin.token)
        try #require(lost.status == .ok, "losing the deal failed: \(lost.text)")
        let debriefs = try await api.get("/api/v1/debriefs", token: admin.token).decode(Page<DebriefReply>.self)
        return try #require(debriefs.items.first { $0.title.contains(name) }?.id)
    }

    func signatureIsValid(_ request: WebhookReceiver.Received, secret: String) -> Bool {
        guard let stamp = request.header("X-Rebound-Timestamp"), let signature = request.header("X-Rebound-Signature") else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(stamp).\(request.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test(arguments: TestDatabase.enabled)
    func aDeliveryIsSignedRetriedWithBackoffAndLoggedUntilTheReceiverAcceptsIt(database: TestDatabase) async throws {
        try await WebhookReceiver.run(answering: [500, 503, 200]) { receiver, url in
            let clock = TestClock()
            try await APIHarness.run(on: database, clock: clock) { api in
                let admin = try await api.setup()
                let (subscription, secret) = try await subscribe(api, admin, url: url, events: ["debrief.opened"])
                clock.advance(minutes: 1)
                let debrief = try await loseADeal(api, admin)

                try await withDispatcher(api.location, clock: clock) { dispatcher in
                    let first = try await dispatcher.runOnce()
                    let tooSoon = try await dispatcher.runOnce()
                    clock.advance(minutes: 1)
                    let second = try await dispatcher.runOnce()
                    clock.advance(minutes: 1)
                    let notYet = try await dispatcher.runOnce()
                    clock.advance(minutes: 1)
                    let third = try await dispatcher.runOnce()
                    clock.advance(hours: 5)
                    let afterwards = try await dispatcher.runOnce()

                    #expect(first.queued == 1 && first.attempted == 1)
                    #expect(tooSoon.attempted == 0, "the first retry waits a minute")
                    #expect(second.attempted == 1)
                    #expect(notYet.attempted == 0, "the second retry waits two minutes")
                    #expect(third.attempted == 1)
                    #expect(afterwards.queued == 0 && afterwards.attempted == 0, "a delivered event is not sent again")
                }
                let posts = receiver.received
                #expect(posts.count == 3)
                #expect(posts.allSatisfy { signatureIsValid($0, secret: secret) })
                #expect(Set(posts.map(\.body)).count == 1, "every retry sends the same bytes")
                #expect(Set(posts.compactMap { $0.header("X-Rebound-Delivery") }).count == 1)
                #expect(posts.first?.header("X-Rebound-Event") == "debrief.opened")
                let body = try Reply.decode(DeliveredEvent.self, from: Data(try #require(posts.first).body.utf8))
                #expect(body.event == "debrief.opened")
                #expect(body.data.debriefId == debrief)
                #expect(body.link == "https://rebound.example/debriefs/\(debrief)")

                let log = try await api.get("/api/v1/webhooks/\(subscription)/deliveries", token: admin.token).decode(Page<DeliveryReply>.self)
                #expect(log.items.count == 1)
                #expect(log.items.first?.status == "delivered")
                #expect(log.items.first?.attempts == 3)
                #expect(log.items.first?.lastStatusCode == 200)
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aDeliveryGivesUpAfterItsLastAttemptAndAnAdminCanSendItAgain(database: TestDatabase) async throws {
        try await WebhookReceiver.run(answering: [500, 500, 204]) { receiver, url in
            let clock = TestClock()
            try await APIHarness.run(on: database, clock: clock) { api in
                let admin = try await api.setup()
                let (subscription, _) = try await subscribe(api, admin, url: url, events: ["debrief.opened"])
                let (unreachable, _) = try await subscribe(api, admin, url: "http://127.0.0.1:9/hook", events: ["debrief.opened"])
                clock.advance(minutes: 1)
                _ = try await loseADeal(api, admin)
                let policy = RetryPolicy(maxAttempts: 2, firstDelay: 60)

                try await withDispatcher(api.location, clock: clock, policy: policy) { dispatcher in
                    try await dispatcher.runOnce()
                    clock.advance(minutes: 1)
                    try await dispatcher.runOnce()
                    clock.advance(hours: 1)
                    #expect(try await dispatcher.runOnce().attempted == 0, "both deliveries have given up")
                }
                let failed = try await api.get("/api/v1/webhooks/\(subscription)/deliveries", token: admin.token).decode(Page<DeliveryReply>.self)
                let refused = try await api.get("/api/v1/webhooks/\(unreachable)/deliveries", token: admin.token).decode(Page<DeliveryReply>.self)
                let delivery = try #require(failed.items.first).id
                let again = try await api.request(.post, "/api/v1/webhooks/\(subscription)/deliveries/\(delivery)/redeliver", token: admin.token)
                let twice = try await api.request(.post, "/api/v1/webhooks/\(subscription)/deliveries/\(delivery)/redeliver", token: admin.token)
                try await withDispatcher(api.location, clock: clock, policy: policy) { dispatcher in
                    try await dispatcher.runOnce()
                }
                let delivered = try await api.get("/api/v1/webhooks/\(subscription)/deliveries", token: admin.token).decode(Page<DeliveryReply>.self)

                #expect(failed.items.first?.status == "failed")
                #expect(failed.items.first?.attempts == 2)
                #expect(failed.items.first?.lastStatusCode == 500)
                #expect(refused.items.first?.status == "failed")
                #expect(refused.items.first?.lastStatusCode == nil)
                #expect(refused.items.first?.lastError?.isEmpty == false, "an unreachable receiver is logged with the error")
                #expect(again.status == .accepted)
                #expect(twice.status == .conflict, "only a delivery that gave up can be sent again")
                #expect(delivered.items.first?.status == "delivered")
                #expect(receiver.received.count == 3)
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func privateTextAndOtherTeamsNeverReachASubscriber(database: TestDatabase) async throws {
        try await WebhookReceiver.run { receiver, url in
            let clock = TestClock()
            try await APIHarness.run(on: database, clock: clock) { api in
                let admin = try await api.setup()
                let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
                let before = try await api.createAccount(admin, name: "Initech")
                _ = try await api.logInteraction(rep, account: before, outcome: "neutral")
                clock.advance(hours: 30)
                _ = try await subscribe(
                    api, admin, url: url, events: ["question.answered", "reflection.overdue", "brief.ready"], format: "slack")
                clock.advance(minutes: 1)
                let account = try await api.createAccount(admin, name: "Globex & <Sons>")
                let call = try await api.logInteraction(rep, account: account, outcome: "neutral")
                let path = "/api/v1/reflections/\(call.reflection)"
                _ = try await api.request(.patch, path, json: ["whatToImprove": "PRIVATE-NOTE I rambled"], token: rep.token)
                let shared = try await api.request(.post, "\(path)/questions", json: ["text": "Do you support SSO?"], token: rep.token)
                let kept = try await api.request(.post, "\(path)/questions", json: ["text": "PRIVATE-QUESTION about my quota", "inLibrary": false], token: rep.token)
                for reply in [shared, kept] {
                    let id = try reply.decode(QuestionCreatedReply.self).question.id
                    let answered = try await api.request(
                        .patch, "/api/v1/questions/\(id)", json: ["status": "answered", "answer": "Yes, SAML & OIDC."], token: rep.token)
                    try #require(answered.status == .ok, "answering failed: \(answered.text)")
                }
                let other = try await api.createTeam("Umbrella", adminEmail: "boss@umbrella.test")
                let theirAccount = try await api.createAccount(other, name: "Umbrella Client")
                let theirCall = try await api.logInteraction(other, account: theirAccount, outcome: "bad")
                _ = try await api.request(.patch, "/api/v1/reflections/\(theirCall.reflection)", json: ["whatToImprove": "OTHER-TEAM"], token: other.token)
                _ = try await api.request(.post, "/api/v1/reflections/\(theirCall.reflection)/complete", token: other.token)
                clock.advance(hours: 30)

                try await withDispatcher(api.location, clock: clock) { dispatcher in
                    try await dispatcher.runOnce()
                }
                let texts = receiver.received.map(\.body)
                let everything = texts.joined(separator: "\n")

                #expect(texts.count == 2, "one answered library question and one overdue reflection: \(texts)")
                #expect(everything.contains("Do you support SSO?"))
                #expect(everything.contains("SAML &amp; OIDC."), "Slack control characters are escaped")
                #expect(everything.contains("Globex &amp; &lt;Sons&gt;"))
                #expect(!everything.contains("Initech"), "a reflection overdue before the subscription is not sent")
                #expect(!everything.contains("PRIVATE-NOTE"))
                #expect(!everything.contains("PRIVATE-QUESTION"))
                #expect(!everything.contains("OTHER-TEAM") && !everything.contains("Umbrella"))
                #expect(!everything.contains("Rita"), "a Slack channel is not told who is late")
                #expect(texts.allSatisfy { (try? Reply.decode(SlackMessage.self, from: Data($0.utf8))) != nil })
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aCompletedBadCallReflectionMakesTheBriefReadyAndAnUnfinishedDebriefFallsDue(database: TestDatabase) async throws {
        try await WebhookReceiver.run { receiver, url in
            let clock = TestClock()
            try await APIHarness.run(on: database, clock: clock) { api in
                let admin = try await api.setup()
                _ = try await subscribe(api, admin, url: url, events: ["brief.ready", "debrief.due"])
                clock.advance(minutes: 1)
                let account = try await api.createAccount(admin, name: "Initech")
                let call = try await api.logInteraction(admin, account: account, outcome: "bad")
                _ = try await api.request(.patch, "/api/v1/reflections/\(call.reflection)", json: ["whatToImprove": "Bring ops"], token: admin.token)
                let completed = try await api.request(.post, "/api/v1/reflections/\(call.reflection)/complete", token: admin.token)
                try #require(completed.status == .ok, "completing failed: \(completed.text)")
                let debrief = try await loseADeal(api, admin)

                try await withDispatcher(api.location, clock: clock) { dispatcher in
                    try await dispatcher.runOnce()
                    clock.advance(hours: 80)
                    try await dispatcher.runOnce()
                }
                let events = receiver.received.compactMap { $0.header("X-Rebound-Event") }
                let bodies = receiver.received.map(\.body).joined()

                #expect(events == ["brief.ready", "debrief.due"])
                #expect(bodies.contains("https://rebound.example/accounts/\(account)/brief"))
                #expect(bodies.contains(debrief))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func onlyAdminsManageWebhooksAndBadInputNamesTheField(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")

            let byRep = try await api.request(.post, "/api/v1/webhooks", json: ["url": "https://hooks.example/x", "events": ["debrief.opened"]], token: rep.token)
            let badURL = try await api.request(.post, "/api/v1/webhooks", json: ["url": "ftp://hooks.example", "events": ["debrief.opened"]], token: admin.token)
            let noEvents = try await api.request(.post, "/api/v1/webhooks", json: ["url": "https://hooks.example/x", "events": []], token: admin.token)
            let unknownEvent = try await api.request(.post, "/api/v1/webhooks", json: ["url": "https://hooks.example/x", "events": ["deal.won"]], token: admin.token)
            let listAfterErrors = try await api.get("/api/v1/webhooks", token: admin.token).decode(Page<WebhookSubscriptionReply>.self)
            let (id, secret) = try await subscribe(api, admin, url: "https://hooks.example/x", events: ["debrief.due", "brief.ready"])
            let list = try await api.get("/api/v1/webhooks", token: admin.token)
            let listByRep = try await api.get("/api/v1/webhooks", token: rep.token)
            let other = try await api.createTeam("Umbrella", adminEmail: "boss@umbrella.test")
            let theirs = try await api.get("/api/v1/webhooks/\(id)", token: other.token)
            let deleted = try await api.request(.delete, "/api/v1/webhooks/\(id)", token: admin.token)
            let gone = try await api.get("/api/v1/webhooks/\(id)", token: admin.token)

            #expect(byRep.status == .forbidden)
            #expect(badURL.status == .unprocessableContent && badURL.problemFields == ["url"])
            #expect(noEvents.status == .unprocessableContent && noEvents.problemFields == ["events"])
            #expect(unknownEvent.isProblem && unknownEvent.problemFields.first?.hasPrefix("events") == true)
            #expect(listAfterErrors.items.isEmpty, "a refused subscription changes nothing")
            #expect(try list.decode(Page<WebhookSubscriptionReply>.self).items.count == 1)
            // Checked on the raw text: the secret must appear nowhere, under any field.
            #expect(!list.text.contains(secret), "the secret is shown once, at creation")
            #expect(listByRep.status == .forbidden)
            #expect(theirs.status == .notFound)
            #expect(deleted.status == .noContent)
            #expect(gone.status == .notFound)
        }
    }
}
