import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Domain
import SQLStorage
import Testing

/// Runs the real application (real router, real database) in memory for one test.
public enum APIHarness {
    /// The operator's token for `/metrics` in tests.
    public static let metricsToken = "test-metrics-token-0123456789"

    public static func run(
        on database: TestDatabase, clock: TestClock = TestClock(), configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: @Sendable (APIClient) async throws -> Void
    ) async throws {
        let location = try database.freshLocation()
        defer { TestDatabase.remove(location) }
        var configuration = AppConfiguration()
        configuration.database = location
        configuration.bcryptCost = 4
        configuration.logLevel = .error
        // Many tests run at once, each with its own pool: keep each pool small.
        configuration.databasePoolSize = 1
        // Webhook tests drive the dispatcher themselves, one round at a time.
        configuration.webhookIntervalSeconds = 0
        // Email tests run the planner and the outbox themselves.
        configuration.emailIntervalSeconds = 0
        // The tests' local webhook receiver listens on 127.0.0.1, and hooks.example is a name tests
        // subscribe with but never send to; every other internal address stays refused.
        configuration.webhookDestinations = try DestinationPolicy(allowing: "127.0.0.1, hooks.example")
        configuration.metricsToken = APIHarness.metricsToken
        configure(&configuration)
        let app = try await buildApplication(configuration: configuration, clock: clock.function)
        try await app.test(.router) { client in
            try await body(APIClient(client: client, location: location))
        }
    }
}

/// A JSON reply: status, headers and the parsed body.
public struct Reply: @unchecked Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let data: Data

    public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:] }

    /// The body decoded as a type (dates in ISO 8601, as the API writes them), usually one of the
    /// reply types in Replies.swift.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Reply.decode(type, from: data)
    }

    /// JSON the server sent, decoded the same way: a reply's body or a webhook's.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
    public subscript(key: String) -> Any? { json[key] }
    public func string(_ key: String) -> String? { json[key] as? String }
    public var items: [[String: Any]] { (json["items"] as? [[String: Any]]) ?? [] }
    /// The ids of a list's items, in order.
    public var itemIDs: [String] { (try? decode(Page<Identified>.self))?.items.map(\.id) ?? [] }
    public var text: String { String(decoding: data, as: UTF8.self) }
    /// The fields a problem document names as at fault; none when the reply is not a problem document.
    public var problemFields: [String] { (try? decode(ProblemReply.self))?.errors?.map(\.field) ?? [] }
    public var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}

public struct Session: Sendable {
    public let token: String
    public let memberID: String
    public let teamID: String
}

extension Session {
    init(_ reply: SessionReply) {
        self.init(token: reply.token, memberID: reply.member.id, teamID: reply.member.teamId)
    }
}

public struct APIClient: Sendable {
    let client: any TestClientProtocol
    /// The database the application runs on, for set-up that goes around the API (as the CLI does).
    public let location: DatabaseLocation

    /// Creates another team with its admin through `rebound user add`'s code path, then logs in.
    public func createTeam(_ name: String, adminEmail: String) async throws -> Session {
        _ = try await App.withDatabase(location, logLevel: .error) { database in
            try await addUser(
                repositories: database.repositories().all, teamName: name, name: "Admin of \(name)", email: adminEmail, role: .admin,
                password: "long enough pw", expertise: [], bcryptCost: 4)
        }
        return try await login(email: adminEmail, password: "long enough pw")
    }

    public func request(
        _ method: HTTPRequest.Method, _ path: String, json: Any? = nil, raw: String? = nil, token: String? = nil,
        contentType: String? = "application/json", headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        for (name, value) in extra { headers[.init(name)!] = value }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        if body != nil, let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, data: Data(buffer: response.body))
    }

    public func get(_ path: String, token: String?) async throws -> Reply { try await request(.get, path, token: token) }

    /// Sets the server up with a team and its admin.
    public func setup(team: String = "Acme Sales", name: String = "Ada Admin", email: String = "ada@acme.test") async throws -> Session {
        let reply = try await request(
            .post, "/api/v1/setup", json: ["teamName": team, "name": name, "email": email, "password": "correct horse battery"])
        try #require(reply.status == .created, "setup failed: \(reply.text)")
        return Session(try reply.decode(SessionReply.self))
    }

    /// An admin adds a member, who then logs in.
    public func addMember(
        by admin: Session, name: String, email: String, role: String = "rep", expertise: [String] = []
    ) async throws -> Session {
        let created = try await request(
            .post, "/api/v1/members",
            json: ["name": name, "email": email, "role": role, "password": "another good one", "expertise": expertise], token: admin.token)
        try #require(created.status == .created, "adding a member failed: \(created.text)")
        return try await login(email: email, password: "another good one")
    }

    public func login(email: String, password: String) async throws -> Session {
        let reply = try await request(.post, "/api/v1/sessions", json: ["email": email, "password": password])
        try #require(reply.status == .created, "login failed: \(reply.text)")
        return Session(try reply.decode(SessionReply.self))
    }

    public func createAccount(_ session: Session, name: String = "Globex", industry: String? = "Logistics") async throws -> String {
        var body: [String: Any] = ["name": name]
        if let industry { body["industry"] = industry }
        let reply = try await request(.post, "/api/v1/accounts", json: body, token: session.token)
        try #require(reply.status == .created, "creating an account failed: \(reply.text)")
        return try reply.decode(AccountReply.self).id
    }

    /// Logs an interaction; returns its id and the id of the reflection it created.
    public func logInteraction(
        _ session: Session, account: String, outcome: String, occurredAt: String? = nil, kind: String = "call"
    ) async throws -> (interaction: String, reflection: String) {
        var body: [String: Any] = ["accountId": account, "kind": kind, "outcome": outcome, "participants": ["Pat Customer"]]
        if let occurredAt { body["occurredAt"] = occurredAt }
        let reply = try await request(.post, "/api/v1/interactions", json: body, token: session.token)
        try #require(reply.status == .created, "logging an interaction failed: \(reply.text)")
        let logged = try reply.decode(LoggedReply.self)
        return (logged.interaction.id, logged.reflection.id)
    }
}

/// Formats a date the way the API writes them.
public func iso(_ date: Date) -> String {
    date.formatted(.iso8601)
}
