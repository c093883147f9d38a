import App
import Domain
import Features
import Foundation
import Storage
import Testing
import TestSupport

/// A member's email preferences over the API and the settings page, the admins' email log, and the
/// one-click unsubscribe link.
@Suite struct EmailPreferencesTests {
    struct PreferencesReply: Decodable {
        struct Kind: Decodable {
            let kind: String
            let label: String
            let on: Bool
        }

        struct Hours: Decodable, Equatable {
            let from: Int
            let to: Int
        }

        let off: [String]
        let quietHours: Hours?
        let kinds: [Kind]
    }

    struct LogEntryReply: Decodable {
        let recipientName: String
        let to: String
        let kind: String
        let status: String
        let attempts: Int
    }

    @Test(arguments: TestDatabase.enabled)
    func aMemberChoosesKindsAndQuietHoursAndBadInputIsA422NamingTheFieldThatChangesNothing(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let defaults = try await api.get("/api/v1/me/email", token: admin.token).decode(PreferencesReply.self)
            #expect(defaults.off.isEmpty && defaults.quietHours == nil)
            #expect(defaults.kinds.count == EmailKind.allCases.count && defaults.kinds.allSatisfy(\.on))

            let saved = try await api.request(
                .patch, "/api/v1/me/email", json: ["off": ["questionAnswered"], "quietHours": ["from": 21, "to": 7]], token: admin.token)
            #expect(saved.status == .ok)
            let bad: [([String: Any], String)] = [
                (["quietHours": ["from": 24, "to": 7]], "quietHours.from"),
                (["quietHours": ["from": 7, "to": 7]], "quietHours.to"),
                (["quietHours": ["from": 7]], "quietHours"),
                (["off": ["weeklyRanking"]], "off[0]"),
                (["quietHours": "21-7"], "quietHours"),
            ]
            for (body, field) in bad {
                let reply = try await api.request(.patch, "/api/v1/me/email", json: body, token: admin.token)
                #expect(reply.status == .unprocessableContent && reply.isProblem, "\(body)")
                #expect(reply.problemFields.contains { $0.hasPrefix(field) }, "\(body) → \(reply.problemFields)")
            }
            let after = try await api.get("/api/v1/me/email", token: admin.token).decode(PreferencesReply.self)
            #expect(after.off == ["questionAnswered"])
            #expect(after.quietHours == .init(from: 21, to: 7))
            #expect(after.kinds.first { $0.kind == "questionAnswered" }?.on == false)

            let cleared = try await api.request(.patch, "/api/v1/me/email", json: ["quietHours": NSNull()], token: admin.token).decode(PreferencesReply.self)
            #expect(cleared.quietHours == nil && cleared.off == ["questionAnswered"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func onlyAdminsReadTheEmailLogAndItNeverHoldsTheWords(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin, name: "Secret Merger Co")
            _ = try await api.logInteraction(rep, account: account, outcome: "bad")
            try await Self.plan(api, clock: clock, hours: 23)

            #expect(try await api.get("/api/v1/emails", token: rep.token).status == .forbidden)
            #expect(try await api.get("/api/v1/emails?status=bogus", token: admin.token).problemFields == ["status"])
            let log = try await api.get("/api/v1/emails", token: admin.token)
            let entries = try log.decode(Page<LogEntryReply>.self).items
            #expect(entries.map(\.to) == ["rita@acme.test"])
            #expect(entries.map(\.status) == ["pending"])
            #expect(!log.text.contains("Secret Merger"), "the log names no account and carries no subject or body")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theUnsubscribeLinkAsksOnGetAndTurnsTheKindOffOnPost(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            _ = try await api.logInteraction(rep, account: account, outcome: "bad")
            try await Self.plan(api, clock: clock, hours: 23)
            let queued = try await App.withDatabase(api.location, logLevel: .error) { database in
                try await database.repositories().all.email.emails(in: TeamID(admin.teamID)!, status: nil, page: Paging()).items
            }
            let first = try #require(queued.first)
            let link = try #require(URL(string: first.content.unsubscribeURL))
            let kind = first.kind.rawValue

            let asked = try await api.request(.get, link.path)
            #expect(asked.status == .ok && asked.text.contains("Stop these emails?"))
            #expect(try await api.get("/api/v1/me/email", token: rep.token).decode(PreferencesReply.self).off.isEmpty, "a GET changes nothing")

            let done = try await api.request(.post, link.path, raw: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded")
            #expect(done.status == .ok && done.text.contains("no longer emails you"))
            #expect(try await api.get("/api/v1/me/email", token: rep.token).decode(PreferencesReply.self).off == [kind])

            for path in ["/unsubscribe/" + String(repeating: "a", count: 64), "/unsubscribe/%00", "/unsubscribe/" + String(repeating: "z", count: 5000)] {
                let unknown = try await api.request(.post, path, raw: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded")
                #expect(unknown.status == .notFound, "\(path.prefix(40))")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theSettingsPageSavesZoneKindsAndQuietHoursAndShowsTheLogToAdminsOnly(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let cookie = ["Cookie": "rebound_session=\(rep.token)"]
            let page = try await api.request(.get, "/settings/email", headers: cookie)
            #expect(page.status == .ok)
            #expect(!page.text.contains("Recent email"), "reps do not see the team's log")
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) })

            let refused = try await api.request(
                .post, "/settings/email", raw: "_csrf=\(csrf)&timeZone=CST&on=reflectionDue", contentType: "application/x-www-form-urlencoded", headers: cookie)
            #expect(refused.status == .unprocessableContent && refused.text.contains("timeZone"))
            let saved = try await api.request(
                .post, "/settings/email", raw: "_csrf=\(csrf)&timeZone=Asia%2FKolkata&on=reflectionDue&on=debriefInvitation&quiet=on&quietFrom=22&quietTo=6",
                contentType: "application/x-www-form-urlencoded", headers: cookie)
            #expect(saved.status == .seeOther)

            let preferences = try await api.get("/api/v1/me/email", token: rep.token).decode(PreferencesReply.self)
            #expect(Set(preferences.off) == ["reflectionOverdue", "perspectiveRequest", "actionItemDue", "questionAnswered", "followUpBrief", "weeklyDigest"])
            #expect(preferences.quietHours == .init(from: 22, to: 6))
            #expect(try await api.get("/api/v1/me", token: rep.token).string("timeZone") == "Asia/Kolkata")
            let adminPage = try await api.request(.get, "/settings/email", headers: ["Cookie": "rebound_session=\(admin.token)"])
            #expect(adminPage.text.contains("Recent email") && adminPage.text.contains("Bounces and failures"))
        }
    }

    /// Runs one planning round on the test's database, `hours` after the test clock's start.
    static func plan(_ api: APIClient, clock: TestClock, hours: Double) async throws {
        clock.advance(hours: hours)
        _ = try await App.withDatabase(api.location, logLevel: .error) { database in
            try await NudgePlanner(
                repositories: database.repositories().all, publicURL: "https://rebound.example", organizer: "rebound@acme.test", clock: clock.function
            ).runOnce()
        }
    }
}
