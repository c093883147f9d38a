import Domain
import FluentKit
import Foundation
import SQLKit
@testable import SQLStorage
import Storage
import Testing
import TestSupport

/// Bulk writes bind values without `Encodable` (SQLite) or send them with COPY (PostgreSQL). Each
/// table's row is stored both ways here and compared column by column, storage class included on
/// SQLite, so a bulk-written row can never differ from one written through the row type.
@Suite struct BulkRowTests {
    /// Fractions of a microsecond, to catch rounding that differs between the two paths.
    let when = Date(timeIntervalSince1970: 1_795_000_000.123456789)
    let odd = "tab\there, new\nline, cr\r, back\\slash, \"quotes\", {braces}, slash/, ünïcödé ✓ 🚀, \\N"

    @Test(arguments: TestDatabase.enabled)
    func aBulkWrittenRowIsStoredExactlyAsTheRowTypeStoresIt(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let team = Team(name: "Bulk", createdAt: when)
            let member = Member(teamID: team.id, name: "Rita", email: "rita@bulk.test", role: .admin, createdAt: when)
            try await service.repositories().all.teams.createTeam(team, admin: member, passwordHash: "hash")
            let db = service.database()
            let m = member.id.rawValue

            var account = AccountRow(Account(teamID: team.id, name: odd, industry: odd, segment: "Mid\tmarket", crmID: "A\\1", createdAt: when))
            try await same(account, on: db)
            account.id = UUID()
            account.industry = nil
            account.segment = nil
            account.crmID = nil
            try await same(account, on: db)

            var deal = DealRow(Deal(teamID: team.id, accountID: AccountID(account.id), name: odd, createdAt: when))
            try await same(deal, on: db)
            deal.id = UUID()
            (deal.amountMinor, deal.currency, deal.lostReason, deal.closeDate) = (-1_234_567_890_123, "EUR", odd, when.addingTimeInterval(-1e9))
            (deal.crmID, deal.ownerID, deal.failedAt, deal.status) = ("D\n1", m, when, "lost")
            try await same(deal, on: db)

            var first = InteractionRow(
                Interaction(teamID: team.id, accountID: AccountID(account.id), repID: member.id, kind: .call, occurredAt: when, outcome: .good, createdAt: when))
            first.participants = []
            try await same(first, on: db)
            var second = first
            second.id = UUID()
            (second.dealID, second.participants, second.summary, second.recovery) = (deal.id, [odd, "", "a,b", "NULL"], odd, "recovered")
            (second.followUpOfInteractionID, second.followUpOfDealID) = (first.id, deal.id)
            try await same(second, on: db)

            var reflection = ReflectionRow(
                Reflection(teamID: team.id, interactionID: InteractionID(first.id), authorID: member.id, outcome: .good, status: .pending, dueAt: when, timeBoxMinutes: 5, createdAt: when))
            try await same(reflection, on: db)
            try await db.sql().delete(from: ReflectionRow.table).where("id", .equal, reflection.id).run()
            reflection.id = UUID()
            (reflection.deferredAt, reflection.sharedAt, reflection.startedAt, reflection.completedAt, reflection.skippedAt) = (when, when, when, when, when)
            for prompt in ReflectionPrompt.allCases { reflection.notes[prompt] = odd + prompt.column }
            try await same(reflection, on: db)

            var debrief = DebriefRow(
                Debrief(teamID: team.id, event: .deal(DealID(deal.id)), accountID: nil, title: odd, eventAt: when, dueAt: when, facilitatorID: member.id, participantIDs: [], createdAt: when))
            try await same(debrief, on: db)
            try await db.sql().delete(from: DebriefRow.table).where("id", .equal, debrief.id).run()
            debrief.id = UUID()
            (debrief.interactionID, debrief.accountID, debrief.scheduledFor, debrief.startedAt, debrief.completedAt) = (second.id, account.id, when, when, when)
            (debrief.summary, debrief.parkedIdeas, debrief.concludedLossReason, debrief.soakRevisitAt, debrief.revisitedAt) = (odd, odd, odd, when, when)
            try await same(debrief, on: db)

            try await same(DebriefParticipantRow(debrief: DebriefID(debrief.id), member: member.id, position: 7), on: db)

            var question = QuestionRow(
                Question(teamID: team.id, reflectionID: nil, accountID: nil, inLibrary: false, askedByID: member.id, text: odd, topic: nil, createdAt: when))
            try await same(question, on: db)
            question.id = UUID()
            (question.reflectionID, question.debriefID, question.accountID, question.inLibrary) = (reflection.id, debrief.id, account.id, true)
            (question.topic, question.status, question.answer, question.answeredByID, question.closedAt) = (odd, "answered", odd, m, when)
            try await same(question, on: db)

            var lesson = LessonRow(Lesson(teamID: team.id, debriefID: nil, text: odd, tags: [], authorID: member.id, createdAt: when))
            try await same(lesson, on: db)
            lesson.id = UUID()
            (lesson.debriefID, lesson.tags) = (debrief.id, [odd, "a\"b", "c\\d", "e,f", "", "NULL"])
            try await same(lesson, on: db)

            var document = SearchDocumentRow(
                team: team.id, kind: .lesson, ref: lesson.id, privateTo: nil, title: odd, body: "", account: nil, debrief: nil, at: when)
            try await same(document, on: db)
            document.id = UUID()
            document.refID = UUID()
            (document.privateTo, document.body, document.accountID, document.debriefID) = (m, odd, account.id, debrief.id)
            try await same(document, on: db)
        }
    }

    /// Stores `row` through its `Encodable` conformance, keeps a copy of what was stored, deletes it,
    /// stores it again with the bulk path (where it stays, as a parent for later rows) and compares.
    func same<Row: BulkRow>(_ row: Row, on db: any Database, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sql = db.sql()
        let sqlite = sql.dialect.name == "sqlite"
        try await SQLStore.insert([row], on: sql)
        try await sql.raw("DROP TABLE IF EXISTS bulk_snapshot").run()
        try await sql.raw("CREATE TEMPORARY TABLE bulk_snapshot AS SELECT * FROM \(ident: Row.table) WHERE id = \(bind: row.id)").run()
        try await sql.delete(from: Row.table).where("id", .equal, row.id).run()
        try await SQLStore.bulkInsert([row], on: db)
        let equal = Row.columns.map { column in
            sqlite
                ? "s.\"\(column)\" IS r.\"\(column)\" AND typeof(s.\"\(column)\") = typeof(r.\"\(column)\")"
                : "s.\"\(column)\" IS NOT DISTINCT FROM r.\"\(column)\""
        }.joined(separator: " AND ")
        let matching = try await sql.raw(
            "SELECT COUNT(*) AS n FROM bulk_snapshot s JOIN \(ident: Row.table) r ON \(unsafeRaw: equal) WHERE r.id = \(bind: row.id)"
        ).first()?.decode(column: "n", as: Int.self)
        #expect(matching == 1, "\(Row.table): the bulk-written row differs from the one its row type wrote", sourceLocation: sourceLocation)
        // Every column the row type writes is a bulk column, and no other.
        let encoded = try SQLStore.rowEncoder.encode(row).map(\.0)
        #expect(encoded.sorted() == Row.columns.sorted(), "\(Row.table): bulk columns are not the row type's columns", sourceLocation: sourceLocation)
    }
}
