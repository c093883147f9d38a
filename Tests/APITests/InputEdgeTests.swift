import Foundation
import Hummingbird
import Testing
import TestSupport

/// Trust II: bad input gets a clear 4xx naming the field and changes nothing, on both databases.
@Suite struct InputEdgeTests {
    @Test(arguments: TestDatabase.enabled)
    func controlCharactersAreRefusedInEveryTextFieldNamingIt(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")

            let cases: [(String, HTTPRequest.Method, String, [String: Any], [String])] = [
                ("account name", .post, "/api/v1/accounts", ["name": "Glo\u{0}bex"], ["name"]),
                ("summary", .patch, "/api/v1/interactions/\(call.interaction)", ["summary": "a\u{0}b"], ["summary"]),
                ("a participant", .post, "/api/v1/interactions",
                 ["accountId": account, "kind": "call", "outcome": "good", "participants": ["Pat", "Sa\u{1}m"]], ["participants[1]"]),
                ("a question", .post, "/api/v1/reflections/\(call.reflection)/questions", ["text": "Why\u{0}?"], ["text"]),
                ("reflection notes", .patch, "/api/v1/reflections/\(call.reflection)", ["whatWentWell": "ok\u{7}"], ["whatWentWell"]),
                ("two fields", .post, "/api/v1/accounts", ["name": "A\u{0}", "industry": "B\u{1b}"], ["industry", "name"]),
            ]
            for (what, method, path, body, fields) in cases {
                let reply = try await api.request(method, path, json: body, token: admin.token)
                #expect(reply.status == .unprocessableContent, "\(what): \(reply.status) \(reply.text)")
                #expect(reply.problemFields == fields, "\(what): \(reply.text)")
            }
            let filter = try await api.get("/api/v1/accounts?industry=a%00b", token: admin.token)
            let search = try await api.get("/api/v1/search?q=a%00b", token: admin.token)
            let page = try await api.request(
                .post, "/login", raw: "email=a%00b&password=x", contentType: "application/x-www-form-urlencoded")
            let accounts = try await api.get("/api/v1/accounts", token: admin.token).decode(Page<AccountReply>.self)
            let reflection = try await api.get("/api/v1/reflections/\(call.reflection)", token: admin.token).decode(ReflectionReply.self)

            #expect(filter.status == .badRequest && filter.problemFields == ["industry"])
            #expect(search.status.code < 500)
            #expect(page.status.code < 500 && page.status != .seeOther)
            #expect(accounts.items.count == 1, "nothing refused was stored")
            #expect(reflection.whatWentWell == nil)
            let tabsAndLines = try await api.request(.patch, "/api/v1/interactions/\(call.interaction)", json: ["summary": "a\tb\r\nc"], token: admin.token)
            #expect(tabsAndLines.status == .ok, "tab and line breaks are ordinary text")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func impossibleDatesHugeNumbersAndManyBadFieldsAreNamed(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            for when in ["2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00+15:00"] {
                let reply = try await api.request(
                    .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good", "occurredAt": when], token: admin.token)
                #expect(reply.status == .unprocessableContent && reply.problemFields == ["occurredAt"], "\(when): \(reply.status)")
            }
            let list = try await api.get("/api/v1/interactions?from=2026-02-30T00:00:00Z", token: admin.token)
            #expect(list.status == .badRequest && list.problemFields == ["from"])
            let fine = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good", "occurredAt": "2024-02-29T23:59:59.5+01:00"],
                token: admin.token)
            #expect(fine.status == .created, "a leap day with an offset and a fraction is a real time")

            for huge in ["1e300", "9223372036854775808", "-1e400"] {
                let reply = try await api.request(
                    .patch, "/api/v1/team", raw: #"{"reviewPolicy":{"timeBoxMinutes":\#(huge)}}"#, token: admin.token)
                #expect(reply.status.code == 422 || reply.status.code == 400, "\(huge): \(reply.status)")
                #expect(reply.problemFields == ["reviewPolicy.timeBoxMinutes"] || reply.status == .badRequest, "\(huge): \(reply.text)")
            }

            let everything = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": "x", "kind": "nope", "outcome": 5, "occurredAt": "garbage"], token: admin.token)
            #expect(everything.status == .unprocessableContent)
            #expect(Set(everything.problemFields) == ["accountId", "kind", "outcome", "occurredAt"], "\(everything.text)")
            let interactions = try await api.get("/api/v1/interactions", token: admin.token).decode(Page<InteractionReply>.self)
            #expect(interactions.items.count == 1, "only the good request stored anything")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func everyListPagesAlikeAndAWrongMethodIs405WithAllow(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            _ = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            _ = try await api.login(email: "ada@acme.test", password: "correct horse battery")  // a second session
            for path in ["/api/v1/members", "/api/v1/sessions"] {
                let zero = try await api.get("\(path)?limit=0", token: admin.token)
                let negative = try await api.get("\(path)?offset=-1", token: admin.token)
                let one = try await api.get("\(path)?limit=1", token: admin.token)
                #expect(zero.status == .badRequest && zero.problemFields == ["limit"], "\(path)")
                #expect(negative.status == .badRequest && negative.problemFields == ["offset"], "\(path)")
                let page = try? one.decode(Page<Identified>.self)
                #expect(page?.items.count == 1 && page?.nextOffset == 1, "\(path): \(one.text)")
            }
            let put = try await api.request(.put, "/api/v1/accounts", json: [:], token: admin.token)
            let delete = try await api.request(.delete, "/api/v1/team", token: admin.token)
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, POST" && put.isProblem)
            #expect(delete.status == .methodNotAllowed && delete.headers[.allow] == "GET, PATCH")
            #expect(try await api.get("/api/v1/nothing-here", token: admin.token).status == .notFound)
        }
    }
}
