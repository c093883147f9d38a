import Foundation
import Hummingbird
import Testing
import TestSupport

@Suite struct IdentityTests {
    @Test(arguments: TestDatabase.enabled)
    func setupCreatesTheTeamAndItsAdminOnlyOnce(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()

            let me = try await api.get("/api/v1/me", token: admin.token)
            let again = try await api.request(
                .post, "/api/v1/setup", json: ["teamName": "Other", "name": "Eve", "email": "eve@x.test", "password": "long enough pw"])

            #expect(try me.decode(MemberReply.self).role == "admin")
            #expect(again.status == .conflict)
            #expect(again.isProblem)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func loginNeedsTheRightPasswordAndTokensCanBeRevoked(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            _ = try await api.setup(email: "ada@acme.test")

            let wrong = try await api.request(.post, "/api/v1/sessions", json: ["email": "ada@acme.test", "password": "not it at all"])
            let unknown = try await api.request(.post, "/api/v1/sessions", json: ["email": "nobody@acme.test", "password": "whatever123"])
            let session = try await api.login(email: "ADA@acme.test", password: "correct horse battery")
            let before = try await api.get("/api/v1/me", token: session.token)
            let logout = try await api.request(.delete, "/api/v1/sessions/current", token: session.token)
            let after = try await api.get("/api/v1/me", token: session.token)

            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            // The same words for a wrong password and an unknown address: nothing tells which emails exist.
            #expect(try wrong.decode(ProblemReply.self).detail == unknown.decode(ProblemReply.self).detail)
            #expect(before.status == .ok)
            #expect(logout.status == .noContent)
            #expect(after.status == .unauthorized)
            #expect(after.isProblem)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func everyAPIRouteNeedsAToken(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            _ = try await api.setup()
            for path in ["/api/v1/me", "/api/v1/accounts", "/api/v1/reflections?status=pending", "/api/v1/members"] {
                let noToken = try await api.get(path, token: nil)
                let badToken = try await api.get(path, token: "rbd_forged")
                #expect(noToken.status == .unauthorized, "\(path)")
                #expect(badToken.status == .unauthorized, "\(path)")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func adminsAddMembersWithRolesAndExpertiseAndRepsCannot(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test", expertise: ["Pricing"])
            _ = try await api.addMember(by: admin, name: "Otto Ops", email: "otto@acme.test", role: "manager", expertise: ["operations"])

            let byRep = try await api.request(
                .post, "/api/v1/members", json: ["name": "X", "email": "x@acme.test", "role": "rep", "password": "long enough pw"],
                token: rep.token)
            let duplicate = try await api.request(
                .post, "/api/v1/members", json: ["name": "R2", "email": "rita@acme.test", "role": "rep", "password": "long enough pw"],
                token: admin.token)
            let members = try await api.get("/api/v1/members", token: rep.token)

            #expect(byRep.status == .forbidden)
            #expect(duplicate.status == .conflict)
            let listed = try members.decode(Page<MemberReply>.self).items
            #expect(listed.count == 3)
            let otto = listed.first { $0.name == "Otto Ops" }
            #expect(otto?.role == "manager")
            #expect(otto?.expertise == ["operations"])
            // Checked on the raw JSON: MemberReply has no such field to check.
            #expect(members.items.allSatisfy { $0["passwordHash"] == nil })
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func adminsEditTheTeamsReviewPolicyWithinSaneBounds(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita", email: "rita@acme.test")

            let updated = try await api.request(.patch, "/api/v1/team", json: ["reviewPolicy": ["badTimeBoxMinutes": 45]], token: admin.token)
            let invalid = try await api.request(.patch, "/api/v1/team", json: ["reviewPolicy": ["coolOffHours": 0]], token: admin.token)
            let byRep = try await api.request(.patch, "/api/v1/team", json: ["name": "Mine"], token: rep.token)
            let team = try await api.get("/api/v1/team", token: rep.token).decode(TeamReply.self)

            #expect(updated.status == .ok)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.problemFields == ["reviewPolicy.coolOffHours"])
            #expect(byRep.status == .forbidden)
            #expect(team.reviewPolicy.badTimeBoxMinutes == 45)
            #expect(team.reviewPolicy.timeBoxMinutes == 10)
            #expect(team.reviewPolicy.coolOffHours == 24)
        }
    }
}
