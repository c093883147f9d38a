import Foundation
import Hummingbird
import Testing
import TestSupport

/// Bad input gets a 4xx problem document naming the field, and changes nothing.
@Suite struct ErrorTests {
    @Test(arguments: TestDatabase.enabled)
    func malformedBodiesAreRejectedWithAProblemAndNothingIsWritten(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)

            let invalidJSON = try await api.request(.post, "/api/v1/interactions", raw: #"{"accountId": "#, token: admin.token)
            let notAnObject = try await api.request(.post, "/api/v1/interactions", raw: "[1,2]", token: admin.token)
            let empty = try await api.request(.post, "/api/v1/accounts", raw: "", token: admin.token)
            let missing = try await api.request(.post, "/api/v1/interactions", json: ["accountId": account], token: admin.token)
            let wrongType = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good", "participants": "Pat"],
                token: admin.token)
            let unknownEnum = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "fax", "outcome": "good"], token: admin.token)
            let badDate = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good", "occurredAt": "yesterday"],
                token: admin.token)
            let badID = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": "not-an-id", "kind": "call", "outcome": "good"], token: admin.token)
            let unknownID = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": UUID().uuidString, "kind": "call", "outcome": "good"], token: admin.token)
            let blankName = try await api.request(.post, "/api/v1/accounts", json: ["name": "   "], token: admin.token)
            let wrongMedia = try await api.request(
                .post, "/api/v1/accounts", raw: "name=Globex", token: admin.token, contentType: "application/x-www-form-urlencoded")
            let interactions = try await api.get("/api/v1/interactions", token: admin.token).decode(Page<InteractionReply>.self)
            let accounts = try await api.get("/api/v1/accounts", token: admin.token).decode(Page<AccountReply>.self)

            for reply in [invalidJSON, notAnObject, empty] {
                #expect(reply.status == .badRequest)
                #expect(reply.isProblem)
            }
            #expect(missing.status == .unprocessableContent)
            #expect(Set(missing.problemFields) == ["kind", "outcome"])
            #expect(wrongType.problemFields == ["participants"])
            #expect(unknownEnum.problemFields == ["kind"])
            #expect(unknownEnum.text.contains("call, meeting, demo, email"))
            #expect(badDate.problemFields == ["occurredAt"])
            #expect(badID.problemFields == ["accountId"])
            #expect(unknownID.status == .unprocessableContent)
            #expect(unknownID.problemFields == ["accountId"])
            #expect(blankName.problemFields == ["name"])
            #expect(wrongMedia.status == .unsupportedMediaType)
            for reply in [missing, wrongType, unknownEnum, badDate, badID, unknownID, blankName, wrongMedia] {
                #expect(reply.isProblem)
                let problem = try? reply.decode(ProblemReply.self)
                #expect(problem?.status == Int(reply.status.code))
                #expect(problem?.type != nil && problem?.title != nil)
            }
            #expect(interactions.items.isEmpty)
            #expect(accounts.items.count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aFieldTheOperationDoesNotHaveIsRefusedByNameAndNothingChanges(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let (_, reflection) = try await api.logInteraction(admin, account: account, outcome: "bad")
            let before = try await api.get("/api/v1/reflections/\(reflection)", token: admin.token).decode(ReflectionReply.self)

            // A misspelt field next to a real one: without the check the real one would be saved and the
            // misspelt one dropped without a word.
            let misspelt = try await api.request(
                .patch, "/api/v1/reflections/\(reflection)", json: ["whatWentWell": "They stayed", "whatToImprov": "Call"], token: admin.token)
            let onCreate = try await api.request(.post, "/api/v1/accounts", json: ["name": "Initech", "owner": "Ada"], token: admin.token)
            let after = try await api.get("/api/v1/reflections/\(reflection)", token: admin.token).decode(ReflectionReply.self)
            let accounts = try await api.get("/api/v1/accounts", token: admin.token).decode(Page<AccountReply>.self)

            #expect(misspelt.status == .unprocessableContent)
            #expect(misspelt.problemFields == ["whatToImprov"])
            #expect(onCreate.problemFields == ["owner"])
            #expect(after.whatWentWell == nil)
            #expect(after.updatedAt == before.updatedAt)
            #expect(accounts.items.count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func unknownIdsInThePathAre404Problems(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            for path in [
                "/api/v1/accounts/\(UUID().uuidString)", "/api/v1/accounts/not-a-uuid", "/api/v1/reflections/\(UUID().uuidString)",
                "/api/v1/interactions/123", "/api/v1/no-such-route",
            ] {
                let reply = try await api.get(path, token: admin.token)
                #expect(reply.status == .notFound, "\(path)")
                #expect(reply.isProblem, "\(path)")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anOversizedBodyIsRefusedWith413(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let huge = String(repeating: "x", count: 2 << 20)

            let reply = try await api.request(.post, "/api/v1/accounts", json: ["name": "Big", "industry": huge], token: admin.token)
            let accounts = try await api.get("/api/v1/accounts", token: admin.token).decode(Page<AccountReply>.self)

            #expect(reply.status == .contentTooLarge)
            #expect(reply.isProblem)
            #expect(accounts.items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func tooLongTextIsAValidationError(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()

            let reply = try await api.request(.post, "/api/v1/accounts", json: ["name": String(repeating: "n", count: 201)], token: admin.token)

            #expect(reply.status == .unprocessableContent)
            #expect(reply.problemFields == ["name"])
        }
    }
}
