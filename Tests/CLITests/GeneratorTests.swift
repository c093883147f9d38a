import App
import Domain
import FluentKit
import Foundation
import SQLKit
@testable import SQLStorage
import Storage
import Testing
import TestSupport

@Suite struct GeneratorTests {
    @Test(arguments: TestDatabase.enabled)
    func aGeneratedTeamHasTheRequestedInteractionsAndTheirFailures(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let now = Date()

            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 300, seed: 7, now: now)
            let interactions = try await repositories.interactions.interactions(
                in: summary.team.id, filter: InteractionFilter(), page: Paging(limit: 200, offset: 200))
            let bad = try await repositories.interactions.interactions(
                in: summary.team.id, filter: InteractionFilter(outcome: .bad), page: Paging(limit: 200))
            let insights = try await repositories.insights.insights(in: summary.team.id, from: now.addingTimeInterval(-200 * 86_400), to: now)

            #expect(interactions.items.count == 100 && interactions.nextOffset == nil)
            #expect(!bad.items.isEmpty && bad.items.count < 100)
            #expect(summary.debriefs > 0)
            #expect(insights.reflectionsCompleted > 0 && !insights.lostReasons.isEmpty)
            // PostgreSQL served the fresh rows slowly until autovacuum came by; generate analyses them itself.
            let sql = service.database().sql()
            if sql.dialect.name != "sqlite" {
                let planned = try await sql.raw("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'interactions'::regclass").first()
                #expect(try planned?.decode(column: "n", as: Int.self) ?? -1 >= 300, "the planner knows the table's size")
                let deltas = try await sql.raw("SELECT COUNT(*) AS n FROM insight_count_deltas").first()
                #expect(try deltas?.decode(column: "n", as: Int.self) == 0, "the load's insight count deltas are folded")
            }
        }
    }

    /// Seed 7 and 2,000 interactions made exactly these counts before the bulk path was rewritten;
    /// the benchmarks compare runs across versions, so the generated team must not change shape.
    @Test(arguments: TestDatabase.enabled)
    func aSeedGivesTheSameTeamAsBefore(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 2000, seed: 7)
            let sql = service.database().sql()
            let team = summary.team.id.rawValue
            func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE team_id = \(bind: team) AND \(unsafeRaw: condition)")
                    .first()!.decode(column: "n", as: Int.self)
            }

            #expect((summary.members, summary.accounts, summary.interactions, summary.debriefs) == (5, 100, 2000, 21))
            #expect(try await count("interactions", "outcome = 'bad'") == 209)
            #expect(try await count("interactions", "outcome = 'good'") == 1418)
            #expect(try await count("interactions", "outcome = 'neutral'") == 373)
            #expect(try await count("reflections", "status = 'completed'") == 1630)
            #expect(try await count("reflections", "shared_at IS NOT NULL") == 291)
            #expect(try await count("questions", "status = 'answered'") == 109)
            #expect(try await count("questions", "status = 'open'") == 100)
            #expect(try await count("deals", "status = 'lost'") == 21)
            #expect(try await count("lessons") == 21)
            #expect(try await count("search_documents") == 2000 + 209 + 21 + 21)
            let participants = try await sql.raw("SELECT COUNT(*) AS n FROM debrief_participants").first()!.decode(column: "n", as: Int.self)
            #expect(participants == 21)
        }
    }

    /// The generated text is searchable, every reference points at a stored row and, on SQLite, the
    /// full-text indexes and the table indexes agree with their tables.
    @Test(arguments: TestDatabase.enabled)
    func aGeneratedTeamIsSearchableAndConsistent(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let summary = try await Generator(repositories: repositories, bcryptCost: 4).generate(interactions: 1500, seed: 3)
            guard let rep = try await repositories.members.credentials(email: summary.firstRepEmail)?.member else {
                Issue.record("the first rep was not stored")
                return
            }

            let lessons = try await repositories.search.search(SearchQuery(team: summary.team.id, viewer: rep.id, text: "expertise calls", kinds: [.lesson]))
            let questions = try await repositories.search.search(SearchQuery(team: summary.team.id, viewer: rep.id, text: "answer library", kinds: [.question]))
            #expect(!lessons.isEmpty && lessons.allSatisfy { $0.kind == .lesson })
            #expect(!questions.isEmpty)

            let sql = service.database().sql()
            guard sql.dialect.name == "sqlite" else { return }  // PostgreSQL enforced every reference during the load
            #expect(try await sql.raw("PRAGMA foreign_key_check").all().isEmpty)
            #expect(try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) == "ok")
            // Throws if an FTS5 index does not match the documents it indexes.
            try await sql.raw("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')").run()
            try await sql.raw("INSERT INTO search_fts_few(search_fts_few) VALUES ('integrity-check')").run()
        }
    }
}
