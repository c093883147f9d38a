import App
import Crypto
import Domain
import Foundation
import Hummingbird
import Testing
import TestSupport
import Web

/// Trust I: each hole an attacker or a curious colleague found, closed, on SQLite and PostgreSQL.
@Suite struct SecurityTests {
    /// Strings no one types by hand: joining marks glued to markup characters, NUL, CR/LF, an RTL
    /// override, a script end tag, a javascript: URL, and a very long name.
    static let adversarial: [String] = [
        "\u{600}<b id=pwn1>x</b>", "x\"\u{301} onmouseover=pwn2 \"", "\u{D4E}\" id=pwn3 \"", "a\u{301}<img src=x id=pwn4>",
        "</script><script>pwn5()</script>", "javascript:pwn6()", "tab\tnul\u{0}cr\r\nlf\n# heading [link](javascript:pwn7)",
        "\u{202E}txt.exe <i id=pwn8>", "'single' & \"double\" <>",
    ]

    /// Markup that must never come back raw from any page.
    static let liveMarkup = ["<b id=pwn1", "<img src=x id=pwn4", "<script>pwn5", "<i id=pwn8", "\" onmouseover=pwn2", "\" id=pwn3"]

    func cookie(_ session: Session) -> [String: String] { ["Cookie": "rebound_session=\(session.token)"] }

    @Test(arguments: TestDatabase.enabled)
    func userTextOnEveryPageAndExportIsEscapedByScalar(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            // NUL is refused (422, on both databases); everything else is stored and shown escaped.
            let joined = Self.adversarial.joined(separator: " ").replacingOccurrences(of: "\u{0}", with: "")
            let longName = String(repeating: "\u{600}<", count: 5_000)
            let rep = try await api.addMember(by: admin, name: String(("Rita " + Self.adversarial[0]).prefix(120)), email: "rita@acme.test")
            let account = try await api.createAccount(admin, name: String(("Globex " + Self.adversarial[1]).prefix(200)))
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            _ = try await api.request(.patch, "/api/v1/interactions/\(call.interaction)", json: ["summary": joined], token: rep.token)
            _ = try await api.request(.post, "/api/v1/reflections/\(call.reflection)/share", token: rep.token)
            _ = try await api.request(.patch, "/api/v1/reflections/\(call.reflection)", json: ["whatToImprove": joined], token: rep.token)
            let question = try await api.request(
                .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": String(joined.prefix(1_900)), "topic": "pricing"], token: rep.token)
            let escalated = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: admin.token)
            let debrief = try #require((try? escalated.decode(DebriefReply.self))?.id, "\(escalated.text)")
            _ = try await api.request(.patch, "/api/v1/debriefs/\(debrief)", json: ["summary": joined], token: admin.token)
            let lesson = try await api.request(.post, "/api/v1/debriefs/\(debrief)/lessons", json: ["text": joined, "tags": ["pricing"]], token: admin.token)
            let longAccount = try await api.request(.post, "/api/v1/accounts", json: ["name": longName], token: admin.token)
            // A lost deal's reason is a label on the insights chart (SVG).
            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": "Fleet"], token: admin.token)
            _ = try await api.request(
                .patch, "/api/v1/deals/\((try? deal.decode(DealReply.self))?.id ?? "")", json: ["status": "lost", "lostReason": String(joined.prefix(1_900))], token: admin.token)
            let withNUL = try await api.request(.post, "/api/v1/debriefs/\(debrief)/lessons", json: ["text": "a\u{0}b"], token: admin.token)
            #expect(withNUL.status == .unprocessableContent && withNUL.problemFields == ["text"], "\(withNUL.text)")

            #expect(question.status == .created, "a question with joining marks is stored and answered: \(question.text)")
            #expect(lesson.status == .created, "\(lesson.text)")
            #expect(longAccount.status == .unprocessableContent, "a 10,000-character name is refused, naming the field")
            #expect(longAccount.problemFields == ["name"])

            let pages = [
                "/", "/accounts", "/accounts/\(account)", "/accounts/\(account)/brief", "/debriefs", "/debriefs/\(debrief)", "/questions",
                "/search?q=heading", "/search?q=single", "/insights", "/settings", "/reflections/\(call.reflection)",
            ]
            for path in pages {
                let page = try await api.request(.get, path, headers: cookie(admin))
                #expect(page.status == .ok, "\(path) answered \(page.status)")
                for markup in Self.liveMarkup {
                    #expect(!page.text.contains(markup), "\(path) carries live markup \(markup)")
                }
            }
            _ = try await api.request(.post, "/api/v1/debriefs/\(debrief)/start", token: admin.token)
            _ = try await api.request(.post, "/api/v1/debriefs/\(debrief)/complete", json: [:], token: admin.token)
            let markdown = try await api.get("/api/v1/accounts/\(account)/brief.md", token: admin.token)
            let debriefMarkdown = try await api.get("/api/v1/debriefs/\(debrief)/export.md", token: admin.token)
            for export in [markdown, debriefMarkdown] {
                #expect(export.status == .ok, "\(export.text)")
                // Every markup character from user text is backslash-escaped; the exports add no HTML of their own.
                let unescaped = export.text.replacingOccurrences(of: "\\<", with: "").replacingOccurrences(of: "\\]", with: "")
                #expect(!unescaped.contains("<") && !unescaped.contains("](javascript:"))
                #expect(!export.text.contains("\u{0}"))
            }
            let calendar = try await api.get("/api/v1/accounts/\(account)/brief.ics", token: admin.token)
            #expect(calendar.status == .ok)
            // Every line break is CRLF and every content line is a property or a fold: no injected line.
            let lines = calendar.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(!calendar.text.replacingOccurrences(of: "\r\n", with: "").unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\u{0}" })
            for line in lines where !line.hasPrefix(" ") {
                #expect(line.range(of: #"^[A-Z-]+[;:]"#, options: .regularExpression) != nil, "not a property line: \(line.prefix(40))")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func searchAndQuestionsNeverAnswer500WhateverTheText(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")
            let queries = [
                "\u{301}\"", "a\u{600}\"", "\"", "\"\"", "*", "NEAR(a b)", "a OR", "AND", "NOT", "(", ")", "a:b", "col:x", "^x", "x*",
                "'", "''", "\\", "!", "&", "|", ":*", "a & | b", "<->", "\u{0}", "\u{202E}", String(repeating: "a", count: 5_000),
                String(repeating: "\u{301}", count: 300), "é\u{301}\u{301}\"", "٣\u{301}", "🙂\"",
            ]
            for text in queries {
                let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let search = try await api.get("/api/v1/search?q=\(encoded)", token: admin.token)
                #expect(search.status.code < 500, "search \(text.debugDescription) answered \(search.status)")
                let similar = try await api.get("/api/v1/questions/similar?text=\(encoded)", token: admin.token)
                #expect(similar.status.code < 500, "similar \(text.debugDescription) answered \(similar.status)")
                let created = try await api.request(
                    .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": "Why \(text) pricing?"], token: admin.token)
                #expect(created.status.code < 500, "a question with \(text.debugDescription) answered \(created.status)")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func insightsCountOnlyLibraryQuestionsAndThePulseStaysAnonymousInTheExport(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            let kept = try await api.request(
                .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": "Can you do SSO?", "topic": "lynxtopic", "inLibrary": false],
                token: rep.token)
            #expect(kept.status == .created)

            let insights = try await api.get("/api/v1/insights", token: admin.token)
            let page = try await api.request(.get, "/insights", headers: cookie(admin))
            let own = try await api.get("/api/v1/insights", token: rep.token)
            #expect(insights.status == .ok && page.status == .ok)
            for reply in [insights, page, own] {
                #expect(!reply.text.contains("lynxtopic"), "a private question's topic reached insights")
            }
            #expect(try insights.decode(InsightsReply.self).openQuestions == 0, "a private question is not counted")

            let escalated = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: admin.token)
            let debrief = try #require((try? escalated.decode(DebriefReply.self))?.id, "\(escalated.text)")
            _ = try await api.request(.post, "/api/v1/debriefs/\(debrief)/start", token: admin.token)
            _ = try await api.request(.post, "/api/v1/debriefs/\(debrief)/complete", json: [:], token: admin.token)
            let answered = try await api.request(
                .post, "/api/v1/debriefs/\(debrief)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": false], token: rep.token)
            #expect(answered.status == .created, "\(answered.text)")
            let export = try await api.get("/api/v1/debriefs/\(debrief)/export.md", token: admin.token)
            #expect(export.status == .ok)
            #expect(!export.text.contains("1 of 1"), "one answer in the export names its author's answer")
            #expect(export.text.contains("from 3 answers on"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func webhookURLsToInternalAddressesAreRefusedWithoutSendingAnything(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            // Every one of these is refused before any connection: literal addresses are checked as
            // they are, and the names resolve locally (hosts file, numeric forms), never on the network.
            let internalURLs = [
                "http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook", "http://192.168.1.1/", "http://172.16.0.1/",
                "http://[::1]:8080/", "http://[fd00::1]/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/", "http://100.100.100.200/",
                "http://127.0.0.2/", "http://2130706434/", "http://224.0.0.1/",
            ]
            for url in internalURLs {
                let reply = try await api.request(.post, "/api/v1/webhooks", json: ["url": url, "events": ["debrief.opened"]], token: admin.token)
                #expect(reply.status == .unprocessableContent, "\(url) answered \(reply.status)")
                #expect(reply.problemFields == ["url"], "\(url): \(reply.text)")
            }
            let page = try await api.request(
                .post, "/settings/webhooks", raw: "url=http%3A%2F%2F169.254.169.254%2F&events=debrief.opened&_csrf=x", contentType: "application/x-www-form-urlencoded",
                headers: cookie(admin))
            #expect(page.status == .forbidden || page.status == .unprocessableContent)
            let allowed = try await api.request(
                .post, "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/hook", "events": ["debrief.opened"]], token: admin.token)
            #expect(allowed.status == .created, "the operator's allow-list (127.0.0.1 in tests) still works")
            let list = try await api.get("/api/v1/webhooks", token: admin.token).decode(Page<WebhookSubscriptionReply>.self)
            #expect(list.items.count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func repeatedWrongPasswordsAre429BeforeAnyPasswordCheck(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            _ = try await api.setup()
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                let reply = try await api.request(.post, "/api/v1/sessions", json: ["email": "ada@acme.test", "password": "wrong guess here"])
                statuses.append(reply.status)
            }
            let right = try await api.request(.post, "/api/v1/sessions", json: ["email": "ada@acme.test", "password": "correct horse battery"])
            let page = try await api.request(
                .post, "/login", raw: "email=ada%40acme.test&password=correct+horse+battery", contentType: "application/x-www-form-urlencoded")

            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses[5] == .tooManyRequests)
            #expect(right.status == .tooManyRequests, "even the right password waits: nothing is checked while throttled")
            #expect(right.isProblem && (try? right.decode(ProblemReply.self))?.type == "urn:rebound:problem:too-many-logins")
            #expect(Int(right.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(page.status == .tooManyRequests || page.status == .forbidden)

            clock.advance(minutes: 5)
            let later = try await api.request(.post, "/api/v1/sessions", json: ["email": "ada@acme.test", "password": "correct horse battery"])
            #expect(later.status == .created, "after the wait the right password works")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aPasswordChangeEndsOtherSessionsAndSessionsExpire(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let laptop = try await api.login(email: "ada@acme.test", password: "correct horse battery")
            let changed = try await api.request(
                .patch, "/api/v1/me", json: ["password": "a brand new passphrase", "currentPassword": "correct horse battery"], token: admin.token)
            let current = try await api.get("/api/v1/me", token: admin.token)
            let other = try await api.get("/api/v1/me", token: laptop.token)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(current.status == .ok, "the session that changed the password goes on")
            #expect(other.status == .unauthorized, "every other session ends")

            // Idle: unused for more than 7 days.
            let idle = try await api.login(email: "ada@acme.test", password: "a brand new passphrase")
            clock.advance(hours: 7 * 24 + 0.1)
            #expect(try await api.get("/api/v1/me", token: idle.token).status == .unauthorized)

            // Absolute: used every day, still ends 30 days after it began.
            let busy = try await api.login(email: "ada@acme.test", password: "a brand new passphrase")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<31 {
                clock.advance(hours: 24)
                statuses.append(try await api.get("/api/v1/me", token: busy.token).status)
            }
            #expect(statuses.prefix(29).allSatisfy { $0 == .ok }, "\(statuses)")
            #expect(statuses.last == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func membersChangeOnlyWhatTheirRoleAllows(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let other = try await api.addMember(by: admin, name: "Otto Other", email: "otto@acme.test")
            let manager = try await api.addMember(by: admin, name: "Mia Manager", email: "mia@acme.test", role: "manager")
            let account = try await api.createAccount(admin)

            // Logging a call for someone else: managers only.
            let asOther = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "bad", "repId": rep.memberID], token: other.token)
            let byManager = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "bad", "repId": rep.memberID], token: manager.token)
            #expect(asOther.status == .forbidden)
            #expect(byManager.status == .created)
            let queue = try await api.get("/api/v1/reflections?status=pending", token: rep.token).decode(Page<ReflectionReply>.self)
            #expect(queue.items.count == 1, "only the manager's call reached Rita's queue")

            // Action items: owner, creator, facilitator, managers.
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            let escalated = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: admin.token)
            let debrief = try #require((try? escalated.decode(DebriefReply.self))?.id, "\(escalated.text)")
            let action = try await api.request(
                .post, "/api/v1/debriefs/\(debrief)/actions", json: ["title": "Send the plan", "ownerId": rep.memberID, "dueDate": "2030-01-15"],
                token: admin.token)
            let actionID = try #require((try? action.decode(ActionItemReply.self))?.id, "\(action.text)")
            let byStranger = try await api.request(.patch, "/api/v1/actions/\(actionID)", json: ["status": "done"], token: other.token)
            let byOwner = try await api.request(.patch, "/api/v1/actions/\(actionID)", json: ["status": "done"], token: rep.token)
            #expect(byStranger.status == .forbidden)
            #expect(byOwner.status == .ok)

            // PATCH /me writes only the profile: an admin's demotion made meanwhile stays.
            _ = try await api.get("/api/v1/me", token: manager.token)  // caches Mia's identity as a manager
            let demoted = try await api.request(.patch, "/api/v1/members/\(manager.memberID)", json: ["role": "rep"], token: admin.token)
            let renamed = try await api.request(.patch, "/api/v1/me", json: ["name": "Mia M."], token: manager.token)
            let stored = try await api.get("/api/v1/members/\(manager.memberID)", token: admin.token).decode(MemberReply.self)
            #expect(demoted.status == .ok && renamed.status == .ok)
            #expect(stored.role == "rep" && stored.name == "Mia M.")

            // A duplicate email does not say where the address is in use.
            let team2 = try await api.createTeam("Initech", adminEmail: "boss@initech.test")
            let clash = try await api.request(
                .post, "/api/v1/members", json: ["name": "X", "email": "boss@initech.test", "role": "rep", "password": "another good one"], token: admin.token)
            #expect(clash.status == .conflict)
            #expect(!clash.text.contains("boss@initech.test") && !clash.text.lowercased().contains("team"), "\(clash.text)")
            _ = team2
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func uploadsAreTakenOnlyOnTheImportPageFromManagers(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let body = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nx\r\n--b--\r\n"
            let elsewhere = try await api.request(.post, "/settings/policy", raw: body, contentType: "multipart/form-data; boundary=b", headers: cookie(admin))
            let byRep = try await api.request(.post, "/import", raw: body, contentType: "multipart/form-data; boundary=b", headers: cookie(rep))
            #expect(elsewhere.status == .unsupportedMediaType)
            #expect(byRep.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theSameCRMEventSentTenTimesAtOnceIsAppliedOnce(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let secretReply = try await api.request(.post, "/api/v1/team/webhook-secret", token: admin.token).decode(WebhookSecretReply.self)
            let secret = secretReply.secret
            let url = secretReply.url
            let body = #"{"eventId":"evt-race","deal":{"crmId":"OPP-9","name":"Fleet","accountCrmId":"ACC-9","accountName":"Globex"},"stage":"lost"}"#
            let stamp = String(Int(clock.now.timeIntervalSince1970))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(stamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let headers = ["X-Rebound-Timestamp": stamp, "X-Rebound-Signature": "sha256=" + mac.map { String(format: "%02x", $0) }.joined()]

            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<10 { group.addTask { try await api.request(.post, url, raw: body, headers: headers) } }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            let deals = try await api.get("/api/v1/deals", token: admin.token).decode(Page<DealReply>.self)
            let debriefs = try await api.get("/api/v1/debriefs", token: admin.token).decode(Page<DebriefReply>.self)
            let accounts = try await api.get("/api/v1/accounts", token: admin.token).decode(Page<AccountReply>.self)

            #expect(replies.allSatisfy { $0.status == .ok }, "\(replies.map(\.status))")
            let outcomes = replies.map { (try? $0.decode(StageChangeReply.self))?.status }
            #expect(outcomes.filter { $0 == "applied" }.count == 1)
            #expect(outcomes.filter { $0 == "duplicate" }.count == 9)
            #expect(deals.items.count == 1 && debriefs.items.count == 1 && accounts.items.count == 1)
        }
    }

    @Test func aNameThatResolvesToAnInternalAddressIsRefusedBeforeAnyConnection() async throws {
        // The resolver stands in for DNS that answers with an internal address (rebinding), so the
        // refusal is shown without a lookup or a connection leaving this machine.
        for answer in [["10.0.0.1"], ["93.184.216.34", "169.254.169.254"], ["::ffff:127.0.0.1"]] {
            let addresses = answer.compactMap(IPAddress.init)
            let transport = HTTPClientTransport(destinations: WebhookDestinations(policy: DestinationPolicy(), resolve: { _ in addresses }))
            await #expect(throws: WebhookDestinations.Refused.self) {
                _ = try await transport.post(url: "https://rebind.example/hook", headers: [], body: "{}")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func metricsNeedTheOperatorsToken(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let withUserToken = try await api.get("/metrics", token: admin.token)
            let anonymous = try await api.get("/metrics", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(withUserToken.status == .unauthorized, "a member's token is not the operator's")
            #expect(!anonymous.text.contains("rebound_"))
        }
    }
}
