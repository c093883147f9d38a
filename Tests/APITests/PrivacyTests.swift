import App
import Domain
import Foundation
import Hummingbird
import Testing
import TestSupport

/// A private reflection is its author's alone: every other member, manager and admin included,
/// gets 404 from every route, and never sees it in a list.
@Suite struct PrivacyTests {
    @Test(arguments: TestDatabase.enabled)
    func anotherMemberGets404ForAPrivateReflectionEverywhere(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            let path = "/api/v1/reflections/\(call.reflection)"
            _ = try await api.request(.patch, path, json: ["whatToImprove": "I panicked on pricing"], token: rep.token)
            let question = try await api.request(
                .post, "\(path)/questions", json: ["text": "Secret?", "inLibrary": false], token: rep.token)

            var replies: [(String, Reply)] = []
            replies.append(("get", try await api.get(path, token: admin.token)))
            replies.append(("history", try await api.get("\(path)/history", token: admin.token)))
            replies.append(("patch", try await api.request(.patch, path, json: ["whatToImprove": "x"], token: admin.token)))
            replies.append(("delete", try await api.request(.delete, path, token: admin.token)))
            for action in ["start", "complete", "defer", "skip", "share", "unshare"] {
                replies.append((action, try await api.request(.post, "\(path)/\(action)", token: admin.token)))
            }
            replies.append(("question", try await api.request(.post, "\(path)/questions", json: ["text": "x"], token: admin.token)))
            replies.append((
                "answer",
                try await api.request(
                    .patch, "/api/v1/questions/\((try? question.decode(QuestionCreatedReply.self))?.question.id ?? "missing")", json: ["answer": "x"],
                    token: admin.token)
            ))
            let all = try await api.get("/api/v1/reflections?status=all", token: admin.token).decode(Page<ReflectionReply>.self)
            let queue = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)
            let mine = try await api.get("/api/v1/reflections?status=pending", token: rep.token).decode(Page<ReflectionReply>.self)

            for (action, reply) in replies {
                #expect(reply.status == .notFound, "\(action) answered \(reply.status)")
                #expect(!reply.text.contains("panicked"), "\(action) leaked the text")
            }
            #expect(all.items.isEmpty)
            #expect(queue.items.isEmpty)
            #expect(mine.items.map(\.id) == [call.reflection])
            #expect(mine.items.first?.whatToImprove == "I panicked on pricing")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aSharedReflectionIsVisibleToTheTeamButOnlyItsAuthorChangesIt(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            let path = "/api/v1/reflections/\(call.reflection)"

            _ = try await api.request(.post, "\(path)/share", token: rep.token)
            let seen = try await api.get(path, token: admin.token)
            let listed = try await api.get("/api/v1/reflections", token: admin.token).decode(Page<ReflectionReply>.self)
            let edit = try await api.request(.patch, path, json: ["whatToImprove": "x"], token: admin.token)
            _ = try await api.request(.post, "\(path)/unshare", token: rep.token)
            let hiddenAgain = try await api.get(path, token: admin.token)

            #expect(seen.status == .ok)
            #expect(listed.items.map(\.id) == [call.reflection])
            #expect(edit.status == .forbidden)
            #expect(hiddenAgain.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func nobodyReachesAnotherTeamsData(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")
            _ = try await api.request(.post, "/api/v1/reflections/\(call.reflection)/share", token: admin.token)
            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": "Pilot"], token: admin.token)
            // A second team on the same server, created the way an operator does it.
            let olga = try await api.createTeam("Other Co", adminEmail: "olga@other.test")

            let paths = [
                "/api/v1/accounts/\(account)", "/api/v1/interactions/\(call.interaction)", "/api/v1/reflections/\(call.reflection)",
                "/api/v1/deals/\(try deal.decode(DealReply.self).id)", "/api/v1/members/\(admin.memberID)",
            ]
            for path in paths {
                let reply = try await api.get(path, token: olga.token)
                #expect(reply.status == .notFound, "\(path) answered \(reply.status)")
            }
            for list in ["/api/v1/accounts", "/api/v1/interactions", "/api/v1/reflections", "/api/v1/deals"] {
                let reply = try await api.get(list, token: olga.token)
                #expect(reply.status == .ok)
                #expect(try reply.decode(Page<Identified>.self).items.isEmpty, "\(list) showed another team's data")
            }
            let members = try await api.get("/api/v1/members", token: olga.token).decode(Page<MemberReply>.self)
            let logIntoOtherAccount = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good"], token: olga.token)
            let patchOther = try await api.request(.patch, "/api/v1/accounts/\(account)", json: ["name": "Mine now"], token: olga.token)
            let untouched = try await api.get("/api/v1/accounts/\(account)", token: admin.token).decode(AccountReply.self)

            #expect(members.items.count == 1)
            #expect(logIntoOtherAccount.status == .unprocessableContent)
            #expect(logIntoOtherAccount.problemFields == ["accountId"])
            #expect(patchOther.status == .notFound)
            #expect(untouched.name == "Globex")
        }
    }
}
