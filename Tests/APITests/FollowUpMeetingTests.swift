import Foundation
import Testing
import TestSupport

/// Arranging the next meeting with an account: over the API and on the brief page.
@Suite struct FollowUpMeetingTests {
    struct MeetingReply: Decodable {
        let accountId: String
        let ownerId: String
        let startsAt: String
    }

    @Test(arguments: TestDatabase.enabled)
    func aMeetingIsArrangedMovedAndRemovedAndBadTimesAre422sThatChangeNothing(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let path = "/api/v1/accounts/\(account)/next-meeting"
            #expect(try await api.get(path, token: rep.token).status == .notFound)

            let tomorrow = iso(clock.now.addingTimeInterval(24 * 3600))
            let arranged = try await api.request(.put, path, json: ["startsAt": tomorrow], token: rep.token)
            #expect(arranged.status == .ok)
            for (body, field) in [
                (["startsAt": iso(clock.now.addingTimeInterval(-3600))], "startsAt"), (["startsAt": iso(clock.now.addingTimeInterval(400 * 24 * 3600))], "startsAt"),
                ([:], "startsAt"), (["startsAt": "next tuesday"], "startsAt"), (["startsAt": "2026-02-30T09:00:00Z"], "startsAt"),
            ] as [([String: Any], String)] {
                let refused = try await api.request(.put, path, json: body, token: rep.token)
                #expect(refused.status == .unprocessableContent && refused.problemFields == [field], "\(body): \(refused.status) \(refused.problemFields)")
            }
            let stored = try await api.get(path, token: admin.token).decode(MeetingReply.self)
            #expect(stored.startsAt == tomorrow && stored.ownerId == rep.memberID && stored.accountId == account)

            let other = try await api.createTeam("Initech", adminEmail: "boss@initech.test")
            #expect(try await api.get(path, token: other.token).status == .notFound, "another team cannot see it")
            #expect(try await api.request(.put, path, json: ["startsAt": tomorrow], token: other.token).status == .notFound)

            #expect(try await api.request(.delete, path, token: admin.token).status == .noContent)
            #expect(try await api.get(path, token: rep.token).status == .notFound)
            #expect(try await api.request(.delete, path, token: admin.token).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBriefPageArrangesTheMeetingInTheViewersZone(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            _ = try await api.logInteraction(admin, account: account, outcome: "bad")
            _ = try await api.request(.patch, "/api/v1/me", json: ["timeZone": "America/Chicago"], token: admin.token)
            let cookie = ["Cookie": "rebound_session=\(admin.token)"]
            let page = try await api.request(.get, "/accounts/\(account)/brief", headers: cookie)
            #expect(page.status == .ok && page.text.contains("Not arranged yet"))
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) })

            let saved = try await api.request(
                .post, "/accounts/\(account)/brief/meeting", raw: "_csrf=\(csrf)&startsAt=2026-12-10T09%3A00", contentType: "application/x-www-form-urlencoded",
                headers: cookie)
            #expect(saved.status == .seeOther)
            let stored = try await api.get("/api/v1/accounts/\(account)/next-meeting", token: admin.token).decode(MeetingReply.self)
            #expect(stored.startsAt == "2026-12-10T15:00:00Z", "09:00 in Chicago in December is 15:00 UTC")
            #expect(try await api.request(.get, "/accounts/\(account)/brief", headers: cookie).text.contains("Arranged for"))
        }
    }
}
