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
            let accounts = try await api.get("/api/v1/accounts", token: admin.token)
            let reflection = try await api.get("/api/v1/reflections/\(call.reflection)", token: admin.token)

            #expect(filter.status == .badRequest && filter.problemFields == ["industry"])
            #expect(search.status.code < 500)
            #expect(page.status.code < 500 && page.status != .seeOther)
            #expect(accounts.items.count == 1, "nothing refused was stored")
            #expect(reflection.string("whatWentWell") == nil)
            let tabsAndLines = try await api.request(.patch, "/api/v1/interactions/\(call.interaction)", json: ["summary": "a\tb\r\nc"], token: admin.token)
            #expect(tabsAndLines.status == .ok, "tab and line breaks are ordinary text")
        }
    }
}
