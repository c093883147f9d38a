import Domain
import Foundation
import Hummingbird
import Testing
import TestSupport
import Web

/// `ReflectionPrompt` is the one list of a reflection's questions. Each test fills every prompt, so a
/// prompt added to the list that some layer forgets (a column, the form, search, the brief, the
/// OpenAPI document, the archive) fails here.
@Suite struct ReflectionPromptTests {
    static func answers(_ word: String = "answer") -> ReflectionNotes {
        var notes = ReflectionNotes()
        for prompt in ReflectionPrompt.allCases { notes[prompt] = "\(word) \(prompt.rawValue)" }
        return notes
    }

    static func body(_ notes: ReflectionNotes) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: notes.answered.map { ($0.prompt.rawValue, $0.text as Any) })
    }

    @Test(arguments: TestDatabase.enabled)
    func everyPromptIsSavedReadBackAndKeptInTheHistory(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let rep = try await api.setup()
            let call = try await api.logInteraction(rep, account: try await api.createAccount(rep), outcome: "bad")
            let path = "/api/v1/reflections/\(call.reflection)"

            let saved = try await api.request(.patch, path, json: Self.body(Self.answers("first")), token: rep.token)
            clock.advance(minutes: 1)
            _ = try await api.request(.patch, path, json: Self.body(Self.answers("second")), token: rep.token)
            clock.advance(minutes: 1)
            let cleared = try await api.request(.patch, path, json: ["preparation": NSNull()], token: rep.token)
            let read = try await api.get(path, token: rep.token)
            let history = try await api.get("\(path)/history", token: rep.token)

            #expect(try saved.decode(ReflectionNotes.self) == Self.answers("first"))
            var expected = Self.answers("second")
            expected[.preparation] = nil
            #expect(try cleared.decode(ReflectionNotes.self) == expected)
            #expect(try read.decode(ReflectionNotes.self) == expected)
            struct Revision: Decodable { let previous: ReflectionNotes }
            struct Revisions: Decodable { let items: [Revision] }
            #expect(try history.decode(Revisions.self).items.map(\.previous) == [Self.answers("first"), Self.answers("second")])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func everyPromptIsAFieldOfTheFormAndTheFormSavesEachOne(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let rep = try await api.setup()
            let call = try await api.logInteraction(rep, account: try await api.createAccount(rep), outcome: "good")
            let cookie = ["Cookie": "rebound_session=\(rep.token)"]

            let page = try await api.request(.get, "/reflections/\(call.reflection)", headers: cookie)
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) })
            var form = "_csrf=\(csrf)"
            for answer in Self.answers("typed").answered {
                form += "&\(answer.prompt.rawValue)=\(answer.text.replacingOccurrences(of: " ", with: "+"))"
            }
            let posted = try await api.request(
                .post, "/reflections/\(call.reflection)", raw: form, contentType: "application/x-www-form-urlencoded", headers: cookie)
            let read = try await api.get("/api/v1/reflections/\(call.reflection)", token: rep.token)

            for prompt in ReflectionPrompt.allCases {
                #expect(page.text.contains("name=\"\(prompt.rawValue)\""), "the form has no field for \(prompt)")
                #expect(page.text.contains(Escape.html(prompt.question)), "the form does not ask \(prompt.question)")
            }
            #expect(posted.status.code == 303 || posted.status.code == 302, "saving the form answered \(posted.status)")
            #expect(try read.decode(ReflectionNotes.self) == Self.answers("typed"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func everyAnswerIsFoundBySearchAndTheBriefListsEachOneItCarries(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let rep = try await api.setup()
            let account = try await api.createAccount(rep)
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            var notes = ReflectionNotes()
            let words = ["zebrafinch", "quokkalike", "narwhalish", "lynxspotted", "okapiform", "tapirlike", "wombatty"]
            for (prompt, word) in zip(ReflectionPrompt.allCases, words) { notes[prompt] = "\(word) noted" }
            _ = try await api.request(.patch, "/api/v1/reflections/\(call.reflection)", json: Self.body(notes), token: rep.token)

            let brief = try await api.get("/api/v1/accounts/\(account)/brief", token: rep.token)
            struct Item: Decodable { let kind: String; let text: String }
            struct Brief: Decodable { let preparation: [Item] }

            for (prompt, word) in zip(ReflectionPrompt.allCases, words) {
                let found = try await api.get("/api/v1/search?q=\(word)", token: rep.token).decode(Page<SearchResultReply>.self)
                #expect(found.items.count == 1, "search does not find the answer to \(prompt)")
            }
            let listed = try brief.decode(Brief.self).preparation
            #expect(listed.map(\.kind) == ReflectionPrompt.allCases.compactMap(\.briefKind))
            #expect(listed.map(\.text) == ReflectionPrompt.allCases.filter { $0.briefKind != nil }.compactMap { notes[$0] })
        }
    }

    @Test func theOpenAPIDocumentNamesEveryPromptWhereAnswersGo() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.served) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])

        for name in ["Reflection", "ReflectionNotes", "ReflectionNotesPatch"] {
            let properties = (schemas[name] as? [String: Any])?["properties"] as? [String: Any] ?? [:]
            for prompt in ReflectionPrompt.allCases {
                #expect(properties[prompt.rawValue] != nil, "\(name) does not document \(prompt)")
            }
        }
    }
}
