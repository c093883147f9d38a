import Foundation
import Hummingbird
import Testing
import TestSupport

@Suite struct CaptureTests {
    @Test(arguments: TestDatabase.enabled)
    func accountsAreCreatedReadListedFilteredAndUpdated(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let globex = try await api.createAccount(admin, name: "Globex", industry: "Logistics")
            _ = try await api.createAccount(admin, name: "Initech", industry: "Software")
            _ = try await api.createAccount(admin, name: "Umbrella Logistics", industry: "Logistics")

            let byIndustry = try await api.get("/api/v1/accounts?industry=Logistics", token: admin.token).decode(Page<AccountReply>.self)
            let byName = try await api.get("/api/v1/accounts?q=tech", token: admin.token).decode(Page<AccountReply>.self)
            let patched = try await api.request(
                .patch, "/api/v1/accounts/\(globex)", json: ["segment": "Enterprise", "crmId": "SF-001"], token: admin.token
            ).decode(AccountReply.self)
            let cleared = try await api.request(.patch, "/api/v1/accounts/\(globex)", json: ["industry": NSNull()], token: admin.token)
            let read = try await api.get("/api/v1/accounts/\(globex)", token: admin.token)

            #expect(byIndustry.items.map(\.name) == ["Globex", "Umbrella Logistics"])
            #expect(byName.items.map(\.name) == ["Initech"])
            #expect(patched.segment == "Enterprise")
            #expect(cleared.status == .ok)
            let account = try read.decode(AccountReply.self)
            #expect(account.crmId == "SF-001")
            #expect(account.segment == "Enterprise")
            // Checked on the raw JSON: the request sent null, and the cleared field must be absent, not null.
            #expect(read["industry"] == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func listsArePaginated(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            for index in 0..<5 { _ = try await api.createAccount(admin, name: "Account \(index)") }

            let first = try await api.get("/api/v1/accounts?limit=2", token: admin.token).decode(Page<AccountReply>.self)
            let last = try await api.get("/api/v1/accounts?limit=2&offset=4", token: admin.token).decode(Page<AccountReply>.self)
            let badLimit = try await api.get("/api/v1/accounts?limit=0", token: admin.token)

            #expect(first.items.map(\.name) == ["Account 0", "Account 1"])
            #expect(first.nextOffset == 2)
            #expect(last.items.count == 1)
            #expect(last.nextOffset == nil)
            #expect(badLimit.status == .badRequest)
            #expect(badLimit.problemFields == ["limit"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func dealsKeepExactAmountsAndStartTheFailureClockWhenLost(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let created = try await api.request(
                .post, "/api/v1/deals",
                json: ["accountId": account, "name": "Fleet renewal", "amount": 48000.5, "currency": "usd", "closeDate": "2026-12-31", "crmId": "OPP-9"],
                token: admin.token)
            let deal = try created.decode(DealReply.self)
            clock.advance(hours: 3)

            let lost = try await api.request(
                .patch, "/api/v1/deals/\(deal.id)", json: ["status": "lost", "lostReason": "Chose a cheaper vendor"], token: admin.token
            ).decode(DealReply.self)
            let lostDeals = try await api.get("/api/v1/deals?status=lost&accountId=\(account)", token: admin.token).decode(Page<DealReply>.self)
            let duplicateCRM = try await api.request(
                .post, "/api/v1/deals", json: ["accountId": account, "name": "Copy", "crmId": "OPP-9"], token: admin.token)

            #expect(created.status == .created)
            #expect(deal.amount == 48000.5)
            #expect(deal.currency == "USD")
            #expect(deal.closeDate == "2026-12-31")
            #expect(deal.status == "open")
            #expect(lost.failedAt == iso(clock.now))
            #expect(lost.lostReason == "Chose a cheaper vendor")
            #expect(lostDeals.items.map(\.id) == [deal.id])
            #expect(duplicateCRM.status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func interactionsAreLoggedListedByFilterAndCorrected(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let other = try await api.createAccount(admin, name: "Initech")
            let earlier = iso(clock.now.addingTimeInterval(-3600))
            let bad = try await api.logInteraction(admin, account: account, outcome: "bad", occurredAt: earlier)
            let good = try await api.logInteraction(admin, account: account, outcome: "good")
            _ = try await api.logInteraction(admin, account: other, outcome: "neutral", kind: "demo")

            let forAccount = try await api.get("/api/v1/interactions?accountId=\(account)", token: admin.token).decode(Page<InteractionReply>.self)
            let badOnes = try await api.get("/api/v1/interactions?outcome=bad", token: admin.token).decode(Page<InteractionReply>.self)
            let demos = try await api.get("/api/v1/interactions?kind=demo", token: admin.token).decode(Page<InteractionReply>.self)
            let corrected = try await api.request(
                .patch, "/api/v1/interactions/\(good.interaction)", json: ["summary": "Asked about SSO", "participants": ["Pat", "Sam"]],
                token: admin.token
            ).decode(InteractionReply.self)
            let read = try await api.get("/api/v1/interactions/\(bad.interaction)", token: admin.token).decode(InteractionReply.self)

            #expect(forAccount.items.map(\.id) == [good.interaction, bad.interaction])
            #expect(badOnes.items.map(\.id) == [bad.interaction])
            #expect(demos.items.count == 1)
            #expect(corrected.summary == "Asked about SSO")
            #expect(corrected.participants == ["Pat", "Sam"])
            #expect(read.occurredAt == earlier)
            #expect(read.reflectionId == bad.reflection)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aDealMustBelongToTheInteractionsAccount(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let globex = try await api.createAccount(admin)
            let initech = try await api.createAccount(admin, name: "Initech")
            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": initech, "name": "Pilot"], token: admin.token)

            let reply = try await api.request(
                .post, "/api/v1/interactions",
                json: ["accountId": globex, "dealId": try deal.decode(DealReply.self).id, "kind": "call", "outcome": "good"], token: admin.token)
            let list = try await api.get("/api/v1/interactions", token: admin.token).decode(Page<InteractionReply>.self)

            #expect(reply.status == .unprocessableContent)
            #expect(reply.problemFields == ["dealId"])
            #expect(list.items.isEmpty)
        }
    }
}
