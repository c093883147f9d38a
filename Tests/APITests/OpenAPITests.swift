import App
import Foundation
import Hummingbird
import SQLStorage
import Testing
import TestSupport
import Web

@Suite struct OpenAPITests {
    @Test func theDocumentListsExactlyTheRoutesTheServerHas() async throws {
        let location = try TestDatabase.sqlite.freshLocation()
        let (served, routes) = try await withDatabase(location) { database in
            let router = try await buildRouter(repositories: database.repositories().all, settings: WebSettings(bcryptCost: 4))
            // The web pages are HTML, not API: the document covers /api, /health and /openapi.json.
            let routes = Set(router.routes.map { "\($0.method.rawValue) \(openAPIPath($0.path.description))" }.filter {
                $0.contains(" /api/") || $0.hasSuffix(" /health") || $0.hasSuffix(" /openapi.json")
            })
            let app = Application(router: router)
            let served = try await app.test(.router) { client in
                try await client.execute(uri: "/openapi.json", method: .get) { Data(buffer: $0.body) }
            }
            return (served, routes)
        }
        let document = try #require(try JSONSerialization.jsonObject(with: served) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }

        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
        #expect(routes.subtracting(documented).isEmpty, "served but not documented: \(routes.subtracting(documented).sorted())")
    }

    @Test(arguments: TestDatabase.enabled)
    func healthAnswersWithoutTouchingTheDatabase(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let reply = try await api.get("/health", token: nil)
            #expect(reply.status == .ok)
            #expect(reply.text == "ok")
        }
    }

    /// Hummingbird writes `/api/v1/accounts/:id`, OpenAPI `/api/v1/accounts/{id}`.
    private func openAPIPath(_ path: String) -> String {
        let withSlash = path.hasPrefix("/") ? path : "/" + path
        return withSlash.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}
