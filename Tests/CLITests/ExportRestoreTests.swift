import App
import Crypto
import Domain
import Features
import Foundation
import SQLStorage
import Testing
import TestSupport

/// `rebound export` / `rebound restore`: a whole team as JSON, back again with nothing lost,
/// also from SQLite to PostgreSQL; a restore that cannot complete changes nothing.
@Suite struct ExportRestoreTests {
    /// The demo team, plus a row in every table the demo does not fill.
    func fullTeam(_ api: APIClient, clock: TestClock) async throws {
        _ = try await App.withDatabase(api.location, logLevel: .error) { database in
            try await DemoTeam.seed(repositories: database.repositories().all, bcryptCost: 4, now: clock.now)
        }
        let admin = try await api.login(email: DemoTeam.adminEmail, password: DemoTeam.password)
        _ = try await api.request(.post, "/api/v1/me/calendar-feed", token: admin.token)
        let subscribed = try await api.request(
            .post, "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/hook", "events": OutboundEvent.allCases.map(\.rawValue)], token: admin.token)
        try #require(subscribed.status == .created)
        let reasons = try await api.request(
            .put, "/api/v1/team/loss-reasons", json: ["reasons": [["key": "price", "label": "Price"], ["key": "competitor", "label": "Competitor"]]],
            token: admin.token)
        let mapping = try await api.request(.put, "/api/v1/team/loss-reason-mappings", json: ["crmReason": "Too expensive", "reason": "price"], token: admin.token)
        try #require(reasons.status == .ok && mapping.status == .ok)
        clock.advance(minutes: 1)

        let secretReply = try await api.request(.post, "/api/v1/team/webhook-secret", token: admin.token).decode(WebhookSecretReply.self)
        let secret = secretReply.secret
        let body = #"{"eventId":"evt-9","deal":{"crmId":"OPP-X","name":"Late renewal","accountName":"Hooli"},"stage":"lost"}"#
        let stamp = String(Int(clock.now.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(stamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let hooked = try await api.request(
            .post, secretReply.url, raw: body,
            headers: ["X-Rebound-Timestamp": stamp, "X-Rebound-Signature": "sha256=" + mac.map { String(format: "%02x", $0) }.joined()])
        let debrief = try #require(try hooked.decode(StageChangeReply.self).openedDebriefId)

        let rep = try await api.login(email: DemoTeam.repEmail, password: DemoTeam.password)
        let reflections = try await api.get("/api/v1/reflections?status=all", token: rep.token).decode(Page<ReflectionReply>.self)
        let reflection = try #require(reflections.items.first { $0.authorId == rep.memberID }).id
        _ = try await api.request(.patch, "/api/v1/reflections/\(reflection)", json: ["whatWentWell": "first draft"], token: rep.token)
        let edited = try await api.request(.patch, "/api/v1/reflections/\(reflection)", json: ["whatWentWell": "second draft"], token: rep.token)
        try #require(edited.status == .ok, "editing the reflection failed: \(edited.text)")
        let entry = try await api.request(
            .post, "/api/v1/debriefs/\(debrief)/timeline",
            json: ["occurredAt": iso(clock.now.addingTimeInterval(-3600)), "actor": "Customer CFO", "description": "Froze the budget", "source": "call"],
            token: admin.token)
        _ = try await api.request(
            .patch, "/api/v1/debriefs/\(debrief)/timeline/\(try entry.decode(TimelineEntryReply.self).id)", json: ["description": "Froze the whole budget"],
            token: admin.token)
        _ = try await api.request(.post, "/api/v1/debriefs/\(debrief)/complete", token: admin.token)
        let pulse = try await api.request(.post, "/api/v1/debriefs/\(debrief)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": true], token: admin.token)
        try #require(pulse.status == .created || pulse.status == .ok, "pulse failed: \(pulse.text)")
        try await withDispatcher(api.location, clock: clock) { try await $0.runOnce() }
        let preferences = try await api.request(.patch, "/api/v1/me/email", json: ["off": ["actionItemDue"], "quietHours": ["from": 21, "to": 7]], token: rep.token)
        try #require(preferences.status == .ok, "email preferences failed: \(preferences.text)")
        let someAccount = try #require(try await api.get("/api/v1/accounts", token: rep.token).itemIDs.first)
        let meeting = try await api.request(
            .put, "/api/v1/accounts/\(someAccount)/next-meeting", json: ["startsAt": iso(clock.now.addingTimeInterval(3 * 24 * 3600))], token: rep.token)
        try #require(meeting.status == .ok, "arranging a meeting failed: \(meeting.text)")
        let queued = try await App.withDatabase(api.location, logLevel: .error) { database in
            try await NudgePlanner(repositories: database.repositories().all, publicURL: "https://rebound.example", organizer: "rebound@example.com", clock: clock.function).runOnce()
        }
        try #require(queued > 0, "no email was queued for the demo team")
    }

    func document(_ path: String) throws -> [String: Any] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var header = try #require(json["header"] as? [String: Any])
        header["exportedAt"] = nil
        json["header"] = header
        return json
    }

    func temporaryPath() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("rebound-export-\(UUID()).json").path }

    @Test(arguments: TestDatabase.enabled)
    func aWholeTeamRoundTripsWithNothingLost(database: TestDatabase) async throws {
        let clock = TestClock()
        let first = temporaryPath()
        let second = temporaryPath()
        defer { for path in [first, second] { try? FileManager.default.removeItem(atPath: path) } }
        try await APIHarness.run(on: database, clock: clock) { api in
            try await fullTeam(api, clock: clock)
            let counts = try await TeamTransfer.export(teamName: nil, from: api.location, to: first)
            // Restored on every database under test: SQLite to SQLite, and on to PostgreSQL when it is there.
            for target in TestDatabase.enabled {
                let location = try target.freshLocation()
                defer { TestDatabase.remove(location) }
                let (header, restored) = try await TeamTransfer.restore(from: first, into: location)
                try? FileManager.default.removeItem(atPath: second)
                _ = try await TeamTransfer.export(teamName: nil, from: location, to: second)

                #expect(header.teamName == "Northwind Sales")
                #expect(restored.map(\.rows) == counts.map(\.rows))
                #expect(NSDictionary(dictionary: try document(first)).isEqual(to: try document(second)), "export → restore → export changed something (\(target))")
                let hits = try await App.withDatabase(location, logLevel: .error) { db in
                    try await db.repositories().all.teams.allTeams()
                }
                #expect(hits.map(\.name) == ["Northwind Sales"])
            }
            let empty = counts.filter { $0.rows == 0 }.map(\.table)
            #expect(empty.isEmpty, "the fixture leaves tables untested: \(empty)")
        }
    }

    /// Version 1 wrote every table through Fluent models, keyed by Swift property names (`teamID`,
    /// `whatWentWell`). Such a file is rewritten here from a current export and must restore the same.
    @Test func aVersionOneExportIsStillRestored() async throws {
        let clock = TestClock()
        let current = temporaryPath()
        let old = temporaryPath()
        let again = temporaryPath()
        defer { for path in [current, old, again] { try? FileManager.default.removeItem(atPath: path) } }
        try await APIHarness.run(on: .sqlite, clock: clock) { api in
            try await fullTeam(api, clock: clock)
            _ = try await TeamTransfer.export(teamName: nil, from: api.location, to: current)
            var table = ""
            var lines: [String] = []
            for line in try String(contentsOfFile: current, encoding: .utf8).split(separator: "\n").map(String.init) {
                if line.hasSuffix(":[") { table = String(line.dropFirst().prefix { $0 != "\"" }) }
                guard ["teams", "members", "access_tokens", "calendar_feeds", "accounts", "deals", "interactions", "reflections", "reflection_revisions", "debriefs", "debrief_participants", "questions", "perspectives", "timeline_entries", "timeline_revisions", "lessons", "action_items", "pulse_responses", "search_documents", "webhook_events", "webhook_subscriptions", "webhook_deliveries", "loss_reasons", "loss_reason_mappings"].contains(table), line.hasPrefix("{") else {
                    lines.append(line.hasPrefix("{\"header\"") ? line.replacingOccurrences(of: "\"version\":2", with: "\"version\":1") : line)
                    continue
                }
                let comma = line.hasSuffix(",")
                let row = try #require(try JSONSerialization.jsonObject(with: Data((comma ? String(line.dropLast()) : line).utf8)) as? [String: Any])
                let fluent = Dictionary(uniqueKeysWithValues: row.map { key, value in
                    let words = key.split(separator: "_").map(String.init)
                    let name = words.enumerated().map { $0 == 0 ? $1 : ($1 == "id" ? "ID" : $1.prefix(1).uppercased() + $1.dropFirst()) }.joined()
                    return (name, value)
                })
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: fluent, options: [.sortedKeys]), as: UTF8.self) + (comma ? "," : ""))
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: old, atomically: true, encoding: .utf8)
            #expect(lines.contains { $0.contains("\"whatWentWell\":\"second draft\"") }, "the rewritten file is not version 1's shape")

            let location = try TestDatabase.sqlite.freshLocation()
            defer { TestDatabase.remove(location) }
            let (header, _) = try await TeamTransfer.restore(from: old, into: location)
            _ = try await TeamTransfer.export(teamName: nil, from: location, to: again)

            #expect(header.version == 1)
            #expect(NSDictionary(dictionary: try document(current)).isEqual(to: try document(again)), "a version 1 file restored differently")
        }
    }

    @Test func everyTableInTheSchemaIsInTheExport() async throws {
        let location = try TestDatabase.sqlite.freshLocation()
        defer { TestDatabase.remove(location) }
        let tables = try await App.withDatabase(location, logLevel: .error) { database in
            try await database.tableNames()
        }
        let bookkeeping: Set = ["_fluent_migrations", "_fluent_enums"]
        // Full-text indexes and the insights' counts are filled by triggers as a restore inserts the rows they derive from.
        let derived = ["search_fts", "answer_library_fts", "insight_count", "insight_log"]
        let ownedByTeams = tables.filter { table in !bookkeeping.contains(table) && !derived.contains { table.hasPrefix($0) } }

        #expect(Set(ownedByTeams) == Set(TeamArchive.tableNames))
    }

    @Test(arguments: TestDatabase.enabled)
    func aRestoreThatCannotCompleteChangesNothing(database: TestDatabase) async throws {
        let clock = TestClock()
        let path = temporaryPath()
        let truncated = temporaryPath()
        defer { for p in [path, truncated] { try? FileManager.default.removeItem(atPath: p) } }
        try await APIHarness.run(on: database, clock: clock) { api in
            try await fullTeam(api, clock: clock)
            _ = try await TeamTransfer.export(teamName: "Northwind Sales", from: api.location, to: path)
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            try lines.prefix(lines.count * 2 / 3).joined(separator: "\n").write(toFile: truncated, atomically: true, encoding: .utf8)
            let location = try database.freshLocation()
            defer { TestDatabase.remove(location) }

            await #expect(throws: DomainError.self, "the team is already on this server") {
                try await TeamTransfer.restore(from: path, into: api.location)
            }
            await #expect(throws: ArchiveError.self, "a cut-off file") {
                try await TeamTransfer.restore(from: truncated, into: location)
            }
            // Cut exactly between two tables: every line complete, the end missing.
            let between = try #require(lines.indices.first { $0 > lines.count / 3 && lines[$0] == "]," })
            try (lines.prefix(between + 1).joined(separator: "\n") + "\n").write(toFile: truncated, atomically: true, encoding: .utf8)
            await #expect(throws: ArchiveError.self, "a file cut between two tables") {
                try await TeamTransfer.restore(from: truncated, into: location)
            }
            await #expect(throws: ArchiveError.self, "the file exists") {
                try await TeamTransfer.export(teamName: nil, from: api.location, to: path)
            }
            let teams = try await App.withDatabase(location, logLevel: .error) { try await $0.repositories().all.teams.allTeams() }
            #expect(teams.isEmpty, "a failed restore leaves nothing behind")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anExportIsPrivateToItsOwnerAndARowOfAnotherTeamIsRefused(database: TestDatabase) async throws {
        let path = temporaryPath()
        let tampered = temporaryPath()
        defer { for p in [path, tampered] { try? FileManager.default.removeItem(atPath: p) } }
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            _ = try await api.createAccount(admin)
            _ = try await TeamTransfer.export(teamName: nil, from: api.location, to: path)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "an export holds private text and password hashes")

            // The server it is restored on already has another team; the file's account claims to be that team's.
            let location = try database.freshLocation()
            defer { TestDatabase.remove(location) }
            let victim = try await App.withDatabase(location, logLevel: .error) { database -> TeamID in
                try await addUser(
                    repositories: database.repositories().all, teamName: "Initech", name: "Boss", email: "boss@initech.test", role: .admin,
                    password: "long enough pw", expertise: [], bcryptCost: 4)
                return try #require(try await database.repositories().all.teams.allTeams().first).id
            }
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            let accounts = try #require(lines.firstIndex(of: "\"accounts\":["))
            let team = admin.teamID
            lines[accounts + 1] = lines[accounts + 1].replacingOccurrences(of: team.uppercased(), with: victim.description.uppercased())
                .replacingOccurrences(of: team.lowercased(), with: victim.description.lowercased())
            try #require(lines[accounts + 1].lowercased().contains(victim.description.lowercased()), "the fixture must move the account")
            try lines.joined(separator: "\n").write(toFile: tampered, atomically: true, encoding: .utf8)

            await #expect(throws: ArchiveError.self) { try await TeamTransfer.restore(from: tampered, into: location) }
            let teams = try await App.withDatabase(location, logLevel: .error) { try await $0.repositories().all.teams.allTeams() }
            #expect(teams.map(\.name) == ["Initech"], "nothing of the file was restored")
        }
    }
}
