import Crypto
import Foundation
import Hummingbird
import Testing
import TestSupport

/// Loss reasons that mean something: a team list, CRM texts mapped onto it (suggested, confirmed by an
/// admin), the debrief's own conclusion, and insights that compare the two.
@Suite struct LossReasonTests {
    @Test(arguments: TestDatabase.enabled)
    func crmReasonsAreMappedConfirmedAndComparedWithWhatDebriefsConcluded(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let defaults = try await api.get("/api/v1/team/loss-reasons", token: rep.token).decode(Page<LossReasonReply>.self)
            #expect(defaults.items.map(\.key)
                == ["price", "competitor", "no-decision", "timing", "product-gap", "relationship", "cancelled-by-customer", "unknown"])

            // Three lost deals through the API, with the CRM's words.
            var deals: [String] = []
            for reason in ["Price", "Went with a competitor", "Budget cut; customer cancelled the contract"] {
                let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": reason], token: admin.token)
                let id = try deal.decode(DealReply.self).id
                let lost = try await api.request(.patch, "/api/v1/deals/\(id)", json: ["status": "lost", "lostReason": reason], token: admin.token)
                #expect(lost.status == .ok)
                deals.append(id)
            }
            // One through the CRM webhook.
            let secret = try await api.request(.post, "/api/v1/team/webhook-secret", token: admin.token).decode(WebhookSecretReply.self).secret
            let body = #"{"eventId":"evt-lr","deal":{"crmId":"OPP-LR","name":"Fleet","accountName":"Initech"},"stage":"lost","lostReason":"Went dark after the demo"}"#
            let stamp = String(Int(clock.now.timeIntervalSince1970))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(stamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let hooked = try await api.request(
                .post, "/api/v1/webhooks/crm/\(admin.teamID)", raw: body,
                headers: ["X-Rebound-Timestamp": stamp, "X-Rebound-Signature": "sha256=" + mac.map { String(format: "%02x", $0) }.joined()])
            #expect(try hooked.decode(StageChangeReply.self).status == "applied")

            let suggested = try await api.get("/api/v1/team/loss-reason-mappings", token: admin.token).decode(Page<MappingReply>.self)
            let byText = Dictionary(uniqueKeysWithValues: suggested.items.map { ($0.crmReason, $0) })
            #expect(byText["price"]?.reason == "price")
            #expect(byText["went with a competitor"]?.reason == "competitor")
            #expect(byText["budget cut; customer cancelled the contract"]?.reason == "cancelled-by-customer")
            #expect(byText["went dark after the demo"]?.reason == "no-decision", "the webhook's reason is noted too")
            #expect(suggested.items.allSatisfy { $0.confirmed == false }, "suggestions wait for an admin")

            // An admin disagrees with one suggestion; a rep may not.
            let byRep = try await api.request(.put, "/api/v1/team/loss-reason-mappings", json: ["crmReason": "Price", "reason": "timing"], token: rep.token)
            let wrongKey = try await api.request(.put, "/api/v1/team/loss-reason-mappings", json: ["crmReason": "Price", "reason": "astrology"], token: admin.token)
            let confirmed = try await api.request(
                .put, "/api/v1/team/loss-reason-mappings", json: ["crmReason": "  PRICE ", "reason": "price"], token: admin.token)
            #expect(byRep.status == .forbidden)
            #expect(wrongKey.status == .unprocessableContent && wrongKey.problemFields == ["reason"])
            #expect(confirmed.status == .ok)
            let mapping = try confirmed.decode(MappingReply.self)
            #expect(mapping.confirmed == true && mapping.crmReason == "price")

            // The debriefs conclude: the "price" loss was really a product gap; the competitor one was right.
            let debriefs = try await api.get("/api/v1/debriefs?limit=200", token: admin.token).decode(Page<DebriefReply>.self).items
            func debrief(of deal: String) -> String? { debriefs.first { $0.dealId == deal }?.id }
            let gap = try await api.request(.patch, "/api/v1/debriefs/\(try #require(debrief(of: deals[0])))", json: ["concludedLossReason": "product-gap"], token: admin.token)
            let same = try await api.request(.patch, "/api/v1/debriefs/\(try #require(debrief(of: deals[1])))", json: ["concludedLossReason": "competitor"], token: admin.token)
            let bad = try await api.request(.patch, "/api/v1/debriefs/\(try #require(debrief(of: deals[2])))", json: ["concludedLossReason": "bad luck"], token: admin.token)
            #expect(gap.status == .ok)
            #expect(try gap.decode(DebriefReply.self).concludedLossReason == "product-gap")
            #expect(same.status == .ok)
            #expect(bad.status == .unprocessableContent && bad.problemFields == ["concludedLossReason"])

            let insights = try await api.get("/api/v1/insights", token: rep.token).decode(InsightsReply.self)
            let themes = Dictionary(uniqueKeysWithValues: (insights.lossReasonThemes ?? []).map { ($0.reason, $0) })
            #expect(themes["price"]?.crm == 1 && themes["price"]?.differ == 1, "the CRM said price; the debrief found a product gap")
            #expect(themes["product-gap"]?.concluded == 1 && themes["product-gap"]?.crm == 0)
            #expect(themes["competitor"]?.crm == 1 && themes["competitor"]?.concluded == 1 && themes["competitor"]?.differ == 0)
            #expect(themes["cancelled-by-customer"]?.crm == 1)
            #expect(themes["no-decision"]?.crm == 1)

            // An admin's own list; "unknown" stays; a mapping to a removed reason goes back to unknown, unconfirmed.
            let replaced = try await api.request(
                .put, "/api/v1/team/loss-reasons", json: ["reasons": [["key": "price", "label": "Price"], ["key": "legal-review", "label": "Legal review"]]],
                token: admin.token)
            let invalid = try await api.request(.put, "/api/v1/team/loss-reasons", json: ["reasons": [["key": "Bad Key!", "label": ""]]], token: admin.token)
            let after = try await api.get("/api/v1/team/loss-reason-mappings", token: admin.token).decode(Page<MappingReply>.self)
            #expect(try replaced.decode(Page<LossReasonReply>.self).items.map(\.key) == ["price", "legal-review", "unknown"])
            #expect(invalid.status == .unprocessableContent && Set(invalid.problemFields) == ["reasons[0].key", "reasons[0].label"])
            #expect(after.items.first { $0.crmReason == "went with a competitor" }?.reason == "unknown")
        }
    }
}

extension LossReasonTests {
    @Test(arguments: TestDatabase.enabled)
    func thePagesShowTheComparisonLetAFacilitatorConcludeAndAnAdminConfirm(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": "Fleet"], token: admin.token)
            let id = try deal.decode(DealReply.self).id
            _ = try await api.request(.patch, "/api/v1/deals/\(id)", json: ["status": "lost", "lostReason": "Too expensive"], token: admin.token)
            let debrief = try #require(try await api.get("/api/v1/debriefs", token: admin.token).decode(Page<DebriefReply>.self).items.first).id
            let cookie = ["Cookie": "rebound_session=\(admin.token)"]
            let workspace = try await api.request(.get, "/debriefs/\(debrief)", headers: cookie)
            let csrf = try #require(workspace.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) })
            #expect(workspace.text.contains("the CRM says: “Too expensive”"))

            let concluded = try await api.request(
                .post, "/debriefs/\(debrief)/summary", raw: "_csrf=\(csrf)&summary=Discussed&concludedLossReason=timing",
                contentType: "application/x-www-form-urlencoded", headers: cookie)
            let unknownKey = try await api.request(
                .post, "/debriefs/\(debrief)/summary", raw: "_csrf=\(csrf)&summary=Discussed&concludedLossReason=astrology",
                contentType: "application/x-www-form-urlencoded", headers: cookie)
            let settings = try await api.request(.get, "/settings", headers: cookie)
            let confirmed = try await api.request(
                .post, "/settings/loss-reasons", raw: "_csrf=\(csrf)&crmReason=too+expensive&reason=price",
                contentType: "application/x-www-form-urlencoded", headers: cookie)
            let mappings = try await api.get("/api/v1/team/loss-reason-mappings", token: admin.token).decode(Page<MappingReply>.self)
            let insights = try await api.request(.get, "/insights", headers: cookie)

            #expect(concluded.status == .seeOther)
            let stored = try await api.get("/api/v1/debriefs/\(debrief)", token: admin.token).decode(WorkspaceReply.self)
            #expect(stored.debrief.concludedLossReason == "timing")
            #expect(unknownKey.status == .unprocessableContent)
            #expect(settings.text.contains("too expensive") && settings.text.contains("(suggested)"))
            #expect(confirmed.status == .seeOther)
            #expect(mappings.items.first?.confirmed == true && mappings.items.first?.reason == "price")
            #expect(insights.text.contains("what the debrief found") && insights.text.contains("<td>Price</td><td>1</td><td>0</td><td>1</td>"))
        }
    }
}
