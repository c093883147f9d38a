import Foundation
import Hummingbird
import Testing
import TestSupport

/// The standing privacy matrix: a private reflection, a private question and an unsubmitted
/// perspective, each holding a distinctive word, and every GET route of `openapi.json` (and every
/// page) requested as every other member of the team, in every role, and as another team's admin.
/// A response that contains one of the words fails the test. Routes are read from the OpenAPI
/// document, so a new route is covered as soon as it is documented (and the OpenAPI test makes sure
/// every route is); a path parameter this test cannot fill fails it, so nobody skips a route silently.
@Suite struct PrivacyMatrixTests {
    static let secrets = ["zebrasecret", "quokkasecret", "lynxtopic", "narwhalsecret"]

    static func documentedGetPaths() throws -> [String] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Web/Resources/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.filter { $0.value["get"] != nil }.map(\.key).sorted()
    }

    static let pages = [
        "/", "/accounts", "/accounts/{account}", "/accounts/{account}/brief", "/debriefs", "/debriefs/{debrief}", "/questions", "/insights",
        "/settings", "/settings/webhooks", "/import", "/reflections/{reflection}", "/interactions/new", "/search",
    ]

    @Test(arguments: TestDatabase.enabled)
    func noOtherMemberInAnyRoleSeesPrivateTextOnAnyRoute(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let manager = try await api.addMember(by: admin, name: "Mia Manager", email: "mia@acme.test", role: "manager")
            let author = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test", expertise: ["pricing"])
            let colleague = try await api.addMember(by: admin, name: "Otto Rep", email: "otto@acme.test")
            let stranger = try await api.createTeam("Initech", adminEmail: "boss@initech.test")

            let account = try await api.createAccount(admin)
            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": "Fleet"], token: admin.token)
            let call = try await api.logInteraction(author, account: account, outcome: "bad")
            _ = try await api.request(
                .patch, "/api/v1/reflections/\(call.reflection)", json: ["whatToImprove": "I froze, zebrasecret", "preparation": "zebrasecret prep"],
                token: author.token)
            let question = try await api.request(
                .post, "/api/v1/reflections/\(call.reflection)/questions",
                json: ["text": "Do you quokkasecret?", "topic": "lynxtopic", "inLibrary": false], token: author.token)
            let escalated = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: author.token)
            let debrief = try #require((try? escalated.decode(DebriefReply.self))?.id, "\(escalated.text)")
            let perspective = try await api.request(
                .put, "/api/v1/debriefs/\(debrief)/perspectives/knowledge", json: ["text": "I assumed narwhalsecret"], token: author.token)
            let webhook = try await api.request(
                .post, "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/hook", "events": ["question.answered"]], token: admin.token)
            let entry = try await api.request(
                .post, "/api/v1/debriefs/\(debrief)/timeline",
                json: ["occurredAt": iso(Date()), "actor": "Customer", "description": "Asked about pricing"], token: admin.token)
            try #require(question.status == .created && perspective.status.code < 300 && webhook.status == .created, "set-up failed")

            // The author sees their own words: the matrix would be meaningless if the words were never served.
            let own = try await api.get("/api/v1/reflections/\(call.reflection)", token: author.token)
            #expect(own.text.contains("zebrasecret"))

            let ids: [String: String] = [
                "members": author.memberID, "accounts": account, "deals": (try? deal.decode(DealReply.self))?.id ?? UUID().uuidString,
                "interactions": call.interaction, "reflections": call.reflection,
                "questions": (try? question.decode(QuestionCreatedReply.self))?.question.id ?? UUID().uuidString,
                "debriefs": debrief, "webhooks": (try? webhook.decode(SubscribedReply.self))?.subscription.id ?? UUID().uuidString,
                "timeline": (try? entry.decode(TimelineEntryReply.self))?.id ?? UUID().uuidString,
            ]
            // Prefixes of the words: search matches prefixes, and a page that shows the query back
            // (the search box) then shows the prefix, not the secret.
            let query = "?q=zebrasec%20quokkasec%20narwhalsec%20lynxtop&text=quokkasec&topics=lynxtopic&status=all&mine=false"
            var requests: [(path: String, cookie: Bool)] = []
            for template in try Self.documentedGetPaths() {
                requests.append((try Self.fill(template, ids) + query, false))
            }
            for page in Self.pages {
                let filled = page.replacingOccurrences(of: "{account}", with: account).replacingOccurrences(of: "{debrief}", with: debrief)
                    .replacingOccurrences(of: "{reflection}", with: call.reflection)
                requests.append((filled + query, true))
            }
            let viewers = [("admin", admin), ("manager", manager), ("colleague", colleague), ("another team's admin", stranger)]
            for (role, viewer) in viewers {
                for request in requests {
                    let reply = request.cookie
                        ? try await api.request(.get, request.path, headers: ["Cookie": "rebound_session=\(viewer.token)"])
                        : try await api.get(request.path, token: viewer.token)
                    #expect(reply.status.code < 500, "\(request.path) as \(role) answered \(reply.status)")
                    for secret in Self.secrets {
                        #expect(!reply.text.contains(secret), "\(request.path) showed \(secret) to the \(role)")
                    }
                }
            }
        }
    }

    /// Fills `{id}` with the id of the thing named by the segment before it, `{entry}` with a timeline entry.
    static func fill(_ template: String, _ ids: [String: String]) throws -> String {
        var segments = template.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in segments.indices where segments[index].hasPrefix("{") {
            let key = segments[index] == "{entry}" ? "timeline" : segments[index - 1]
            segments[index] = try #require(ids[key], "no id to fill \(segments[index]) in \(template): add one to the privacy matrix")
        }
        return segments.joined(separator: "/")
    }
}
