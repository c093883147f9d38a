import Crypto
import Foundation
import Hummingbird
import Testing
import TestSupport

/// A CRM posts signed deal-stage changes; a move to lost opens a debrief with its clock.
@Suite struct WebhookTests {
    func sign(_ body: String, secret: String, at timestamp: Date) -> [String: String] {
        let stamp = String(Int(timestamp.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(stamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return ["X-Rebound-Timestamp": stamp, "X-Rebound-Signature": "sha256=" + mac.map { String(format: "%02x", $0) }.joined()]
    }

    @Test(arguments: TestDatabase.enabled)
    func aSignedLostStageOpensADebriefOnceAndForgeriesChangeNothing(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let byRep = try await api.request(.post, "/api/v1/team/webhook-secret", token: rep.token)
            let secretReply = try await api.request(.post, "/api/v1/team/webhook-secret", token: admin.token).decode(WebhookSecretReply.self)
            let secret = secretReply.secret
            let url = secretReply.url
            let lostAt = iso(clock.now.addingTimeInterval(-2 * 3600))
            let body = #"{"eventId":"evt-1","deal":{"crmId":"OPP-7","name":"Fleet renewal","accountCrmId":"ACC-1","accountName":"Globex"},"stage":"lost","lostReason":"Budget cut","occurredAt":"\#(lostAt)"}"#

            let forged = try await api.request(.post, url, raw: body, headers: sign(body, secret: "whsec_wrong", at: clock.now))
            let stale = try await api.request(.post, url, raw: body, headers: sign(body, secret: secret, at: clock.now.addingTimeInterval(-600)))
            let unsigned = try await api.request(.post, url, raw: body)
            let dealsAfterForgeries = try await api.get("/api/v1/deals", token: admin.token).decode(Page<DealReply>.self)
            let incomplete = #"{"eventId":"evt-1","deal":{"crmId":"OPP-7"},"stage":"lost","occurredAt":"\#(lostAt)"}"#
            let rejected = try await api.request(.post, url, raw: incomplete, headers: sign(incomplete, secret: secret, at: clock.now))
            let applied = try await api.request(.post, url, raw: body, headers: sign(body, secret: secret, at: clock.now))
            let replayed = try await api.request(.post, url, raw: body, headers: sign(body, secret: secret, at: clock.now))
            let debriefs = try await api.get("/api/v1/debriefs", token: admin.token).decode(Page<DebriefReply>.self)
            let unknownTeam = try await api.request(.post, "/api/v1/webhooks/crm/\(UUID().uuidString)", raw: body, headers: sign(body, secret: secret, at: clock.now))

            #expect(byRep.status == .forbidden)
            #expect(forged.status == .unauthorized)
            #expect(stale.status == .unauthorized)
            #expect(try stale.decode(ProblemReply.self).type == "urn:rebound:problem:stale-webhook")
            #expect(unsigned.status == .unauthorized)
            #expect(dealsAfterForgeries.items.isEmpty)
            #expect(rejected.status == .unprocessableContent, "a new deal needs a name")
            let change = try applied.decode(StageChangeReply.self)
            #expect(change.status == "applied", "a retry after an error is applied, not refused as a duplicate")
            #expect(change.openedDebriefId != nil)
            #expect(try replayed.decode(StageChangeReply.self).status == "duplicate")
            #expect(debriefs.items.count == 1)
            #expect(debriefs.items.first?.eventAt == lostAt)
            #expect(debriefs.items.first?.dueAt == iso(clock.now.addingTimeInterval(70 * 3600)))
            #expect(unknownTeam.status == .notFound)
            let team = try await api.get("/api/v1/team", token: admin.token)
            #expect(!team.text.contains(secret), "the secret must never come back in a response")
        }
    }
}
