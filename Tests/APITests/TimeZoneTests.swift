import Foundation
import Testing
import TestSupport

/// Each member has an IANA time zone of their own or follows the team's; a name this server does not
/// know is a 422 that names the field and changes nothing.
@Suite struct TimeZoneTests {
    @Test(arguments: TestDatabase.enabled)
    func aMemberChoosesTheirZoneAndCanGoBackToTheTeams(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()

            let chosen = try await api.request(.patch, "/api/v1/me", json: ["timeZone": "America/Chicago"], token: admin.token)
            let afterChoosing = try await api.get("/api/v1/me", token: admin.token).decode(MemberReply.self)
            let cleared = try await api.request(.patch, "/api/v1/me", json: ["timeZone": NSNull()], token: admin.token)
            let afterClearing = try await api.get("/api/v1/me", token: admin.token).decode(MemberReply.self)

            #expect(chosen.status == .ok)
            #expect(try chosen.decode(MemberReply.self).timeZone == "America/Chicago")
            #expect(afterChoosing.timeZone == "America/Chicago")
            #expect(cleared.status == .ok)
            #expect(afterClearing.timeZone == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aZoneThisServerDoesNotKnowIsRefusedNamingTheFieldAndChangesNothing(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            _ = try await api.request(.patch, "/api/v1/me", json: ["timeZone": "Europe/Berlin"], token: rep.token)
            let bad = [
                "Mars/Olympus_Mons", "CST", "GMT+5", "", "america/chicago", "America/Chicago\u{0}", "America/Chicago\u{301}",
                "Europe/Berlin\r\nX", String(repeating: "A", count: 100_000),
            ]

            for zone in bad {
                let mine = try await api.request(.patch, "/api/v1/me", json: ["timeZone": zone, "name": "Renamed"], token: rep.token)
                let byAdmin = try await api.request(.patch, "/api/v1/members/\(rep.memberID)", json: ["timeZone": zone], token: admin.token)
                let team = try await api.request(.patch, "/api/v1/team", json: ["timeZone": zone], token: admin.token)
                for reply in [mine, byAdmin, team] {
                    #expect(reply.status == .unprocessableContent || reply.status == .contentTooLarge, "\(zone.debugDescription): \(reply.status)")
                    if reply.status == .unprocessableContent {
                        #expect(try reply.decode(ProblemReply.self).errors?.map(\.field) == ["timeZone"])
                    }
                }
            }

            let me = try await api.get("/api/v1/me", token: rep.token).decode(MemberReply.self)
            #expect(me.timeZone == "Europe/Berlin" && me.name == "Rita Rep", "nothing changed")
            #expect(try await api.get("/api/v1/team", token: admin.token).decode(TeamReply.self).timeZone == "UTC")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theTeamsZoneIsUTCUntilAnAdminSetsItAndAdminsSetMembersZones(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")

            let before = try await api.get("/api/v1/team", token: admin.token).decode(TeamReply.self)
            let byRep = try await api.request(.patch, "/api/v1/team", json: ["timeZone": "Asia/Kolkata"], token: rep.token)
            let byAdmin = try await api.request(.patch, "/api/v1/team", json: ["timeZone": "Asia/Kolkata"], token: admin.token)
            let member = try await api.request(.patch, "/api/v1/members/\(rep.memberID)", json: ["timeZone": "Australia/Adelaide"], token: admin.token)
            let listed = try await api.get("/api/v1/members", token: admin.token).decode(Page<MemberReply>.self)

            #expect(before.timeZone == "UTC")
            #expect(byRep.status == .forbidden)
            #expect(byAdmin.status == .ok)
            #expect(try byAdmin.decode(TeamReply.self).timeZone == "Asia/Kolkata")
            #expect(member.status == .ok)
            #expect(listed.items.first { $0.email == "rita@acme.test" }?.timeZone == "Australia/Adelaide")
            #expect(listed.items.first { $0.email == "ada@acme.test" }?.timeZone == nil)
        }
    }
}

/// Pages show and read times in the viewer's zone.
@Suite struct TimeZonePageTests {
    @Test(arguments: TestDatabase.enabled)
    func aCallLoggedOnThePageAtLocalTimeIsStoredAtThatMomentAndShownInTheViewersZone(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            _ = try await api.request(.patch, "/api/v1/me", json: ["timeZone": "America/Chicago"], token: admin.token)
            let cookie = ["Cookie": "rebound_session=\(admin.token)"]

            let form = try await api.request(.get, "/interactions/new", headers: cookie)
            let csrf = try #require(form.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) })
            let logged = try await api.request(
                .post, "/interactions", raw: "_csrf=\(csrf)&accountId=\(account)&kind=call&outcome=bad&occurredAt=2026-07-01T09%3A00&summary=Pricing",
                contentType: "application/x-www-form-urlencoded", headers: cookie)
            let stored = try #require(try await api.get("/api/v1/interactions?accountId=\(account)", token: admin.token).decode(Page<InteractionReply>.self).items.first)
            let reflectionPath = try #require(logged.headers[.location])
            let page = try await api.request(.get, reflectionPath, headers: cookie)

            #expect(form.text.contains("When (GMT-") || form.text.contains("When (C"), "the label names the viewer's zone")
            #expect(!form.text.contains("When (UTC)"))
            #expect(logged.status == .seeOther)
            #expect(stored.occurredAt == "2026-07-01T14:00:00Z", "9:00 in Chicago in July is 14:00 UTC")
            #expect(page.status == .ok && !page.text.contains(" UTC"), "the reflection page shows its times in the viewer's zone")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBriefsMarkdownShowsTheLastFailureInTheReadersZone(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            _ = try await api.logInteraction(admin, account: account, outcome: "bad", occurredAt: "2026-07-01T14:00:00Z")
            let utc = try await api.get("/api/v1/accounts/\(account)/brief.md", token: admin.token).text
            _ = try await api.request(.patch, "/api/v1/me", json: ["timeZone": "America/Chicago"], token: admin.token)
            let chicago = try await api.get("/api/v1/accounts/\(account)/brief.md", token: admin.token).text

            #expect(utc.contains("2:00") && utc.contains(" UTC"))
            #expect(chicago.contains("9:00") && (chicago.contains("GMT-5") || chicago.contains("CDT")), "14:00 UTC is 09:00 in Chicago in July")
            #expect(!chicago.contains(" UTC"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aTeamThatSkipsWeekendsHasAFridayNightCallDueOnMondayInItsZone(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let saved = try await api.request(
                .patch, "/api/v1/team", json: ["timeZone": "America/Chicago", "reviewPolicy": ["skipWeekends": true]], token: admin.token)
            #expect(saved.status == .ok)
            #expect((saved["reviewPolicy"] as? [String: Any])?["skipWeekends"] as? Bool == true)

            // Friday 23:00 in Chicago; due two hours later, on Saturday, so Monday 01:00 CST.
            let friday = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "bad", "occurredAt": "2026-11-14T05:00:00Z"],
                token: admin.token).decode(LoggedReply.self)
            #expect(friday.reflection.dueAt == "2026-11-16T07:00:00Z")
            // Friday 19:00 in Chicago is Saturday in UTC, but due at 21:00 on the team's Friday it stays.
            let evening = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "bad", "occurredAt": "2026-11-14T01:00:00Z"],
                token: admin.token).decode(LoggedReply.self)
            #expect(evening.reflection.dueAt == "2026-11-14T03:00:00Z")
        }
    }
}
