import App
import Domain
import Features
import Foundation
import Hummingbird
import SQLStorage
import Testing
import TestSupport
import Web

@Suite struct OpenAPITests {
    @Test func theDocumentHasExactlyTheAPIRoutesEachAtItsPathAndMethod() async throws {
        let document = try await Self.servedDocument()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: [String: String] = [:]  // operationId → "METHOD /path"
        for (path, operations) in paths {
            for (method, operation) in operations where RouteMethod(rawValue: method.uppercased()) != nil {
                let id = try #require((operation as? [String: Any])?["operationId"] as? String, "\(method) \(path) has no operationId")
                documented[id] = "\(method.uppercased()) \(path)"
            }
        }
        let routes = Dictionary(uniqueKeysWithValues: APIRoute.allCases.map { ($0.rawValue, "\($0.method.rawValue) \($0.openAPIPath)") })

        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        #expect(documented == routes)
        #expect(Set(documented.keys).subtracting(routes.keys).isEmpty, "documented, no APIRoute: \(Set(documented.keys).subtracting(routes.keys).sorted())")
        #expect(Set(routes.keys).subtracting(documented.keys).isEmpty, "APIRoute, not documented: \(Set(routes.keys).subtracting(documented.keys).sorted())")
    }

    @Test func theServerRegistersExactlyTheRoutesOfTheRouteEnums() async throws {
        let location = try TestDatabase.sqlite.freshLocation()
        let registered = try await withDatabase(location) { database in
            let router = try await buildRouter(repositories: database.repositories().all, settings: WebSettings(bcryptCost: 4))
            return router.routes.map { (method: $0.method.rawValue, path: "/" + $0.path.description.drop { $0 == "/" }) }
        }
        // The router describes `/debriefs/:id` as `/debriefs/{id}`, as OpenAPI does.
        let api = Set(APIRoute.allCases.map { "\($0.method.rawValue) \($0.openAPIPath)" })
        let patterns = Set(PageRoute.allCases.map(\.openAPIPath) + ServiceRoute.allCases.map(\.openAPIPath))

        let registeredAPI = Set(registered.map { "\($0.method) \($0.path)" }.filter { api.contains($0) })
        let others = registered.filter { !api.contains("\($0.method) \($0.path)") }
        #expect(registeredAPI == api, "API routes not registered: \(api.subtracting(registeredAPI).sorted())")
        #expect(others.filter { !patterns.contains($0.path) }.isEmpty, "registered without a route enum: \(others.filter { !patterns.contains($0.path) })")
        #expect(patterns.subtracting(others.map(\.path)).isEmpty, "never registered: \(patterns.subtracting(others.map(\.path)).sorted())")
    }

    @Test func linksAreBuiltFromTheRegisteredPatterns() {
        let debrief = DebriefID()
        #expect(SiteURL.debriefAction(debrief, .debriefTimeline).path == "/debriefs/\(debrief)/timeline")
        #expect(SiteURL.debriefExport(debrief).path == "/api/v1/debriefs/\(debrief)/export.md")
        #expect(APIRoute.redeliverWebhook.link("a", "b") == "/api/v1/webhooks/a/deliveries/b/redeliver")
        #expect(APIRoute.redeliverWebhook.openAPIPath == "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver")
        #expect(SiteURL.search("a&b c").path == "/search?q=a%26b%20c")
    }

    static func servedDocument() async throws -> [String: Any] {
        let location = try TestDatabase.sqlite.freshLocation()
        let served = try await withDatabase(location) { database in
            let router = try await buildRouter(repositories: database.repositories().all, settings: WebSettings(bcryptCost: 4))
            return try await Application(router: router).test(.router) { client in
                try await client.execute(uri: APIRoute.getOpenAPIDocument.pattern, method: .get) { Data(buffer: $0.body) }
            }
        }
        return try #require(try JSONSerialization.jsonObject(with: served) as? [String: Any])
    }

    @Test(arguments: TestDatabase.enabled)
    func healthAnswersWithoutTouchingTheDatabase(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let reply = try await api.get("/health", token: nil)
            #expect(reply.status == .ok)
            #expect(reply.text == "ok")
        }
    }
}
