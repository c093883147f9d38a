import Domain
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Storage

extension SQLStore: BulkRepository {
    /// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound values for the widest table.
    static let rowsPerInsert = 500

    public func write(_ batch: WriteBatch) async throws {
        guard !batch.isEmpty else { return }
        let loading = self.loading
        try await unique("A row in this batch clashes with one already stored (a CRM id, or a failure that already has a debrief).") {
            try await write { tx in
                try await Self.bulkInsert(batch.accounts.map(AccountRow.init), on: tx, loading: loading)
                try await Self.bulkInsert(batch.deals.map(DealRow.init), on: tx, loading: loading)
                for deal in batch.updatedDeals { try await Self.update(DealRow(deal), on: tx.sql()) }
                try await Self.bulkInsert(batch.interactions.map(InteractionRow.init), on: tx, loading: loading)
                try await Self.bulkInsert(batch.reflections.map(ReflectionRow.init), on: tx, loading: loading)
                try await Self.bulkInsert(batch.debriefs.map(DebriefRow.init), on: tx, loading: loading)
                try await Self.bulkInsert(batch.debriefs.flatMap(DebriefParticipantRow.rows), on: tx, loading: loading)
                try await Self.bulkInsert(batch.questions.map(QuestionRow.init), on: tx, loading: loading)
                try await Self.bulkInsert(batch.lessons.map(LessonRow.init), on: tx, loading: loading)
                let documents = batch.reflections.map(SearchIndex.document) + batch.questions.map(SearchIndex.document)
                    + batch.debriefs.map(SearchIndex.document) + batch.lessons.map(SearchIndex.document)
                try await Self.bulkInsert(documents.filter { !$0.body.isEmpty || !$0.title.isEmpty }, on: tx, loading: loading)
            }
        }
    }

    /// The tables a `WriteBatch` fills.
    static let bulkTables = [
        AccountRow.table, DealRow.table, InteractionRow.table, ReflectionRow.table, DebriefRow.table, DebriefParticipantRow.table,
        QuestionRow.table, LessonRow.table, SearchDocumentRow.table,
    ]

    /// SQLite and PostgreSQL each get their own fast path (see `SQLiteBulkInsert`, `PostgresBulkCopy`).
    static func bulkInsert<Row: BulkRow>(_ rows: [Row], on db: any Database, loading: Bool = false) async throws {
        guard !rows.isEmpty else { return }
        if let sqlite = db as? any SQLiteDatabase {
            try await SQLiteBulkInsert.insert(rows, on: sqlite, endingTheTransactionOnConflict: loading)
        } else if let postgres = db as? any PostgresDatabase {
            try await PostgresBulkCopy.insert(rows, on: postgres)
        } else {
            try await insert(rows, on: db.sql())
        }
    }

    public func load<T: Sendable>(_ body: @escaping @Sendable (Repositories) async throws -> T) async throws -> T {
        guard boundDatabase == nil, let writerLock = service.writerLock else { return try await atomically(body) }
        let service = self.service
        return try await writerLock.loading(on: service.database(), tables: Self.bulkTables) { tx in
            try await body(SQLStore(service: service, bound: tx, loading: true).all)
        }
    }

    /// PostgreSQL only. Right after a million rows, reads collapsed (queue 39 req/s, search 3) while
    /// autovacuum worked through them; `VACUUM ANALYZE` takes seconds (docs/BENCHMARKS.md). The load's
    /// insight count deltas (about three million for a million interactions) are folded first, or the
    /// first insights read would fold them and the next ones wade through their dead rows. SQLite's
    /// plans are written for a database without statistics, so it gets none.
    public func settleAfterLargeLoad() async throws {
        let sql = db.sql()
        guard sql.dialect.name != "sqlite" else { return }
        try await InsightCounts.fold(team: nil, on: sql)
        for table in Self.bulkTables + ["insight_count_deltas", "insight_counts"] { try await sql.raw("VACUUM ANALYZE \(ident: table)").run() }
    }

    public func accounts(in team: TeamID, crmIDs: [String]) async throws -> [String: Account] {
        guard !crmIDs.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(AccountRow.table).where("team_id", .equal, team.rawValue)
            .where("crm_id", .in, crmIDs).all(rows: AccountRow.self)
        var found: [String: Account] = [:]
        for row in rows { if let crm = row.crmID { found[crm] = row.domain() } }
        return found
    }

    public func accounts(in team: TeamID, names: [String]) async throws -> [String: Account] {
        guard !names.isEmpty else { return [:] }
        let lowered = names.map { $0.lowercased() }
        // LOWER() is ASCII-only on SQLite: exact names are asked for too, and the match is made here.
        let rows = try await db.sql().select().column("*").from(AccountRow.table).where("team_id", .equal, team.rawValue)
            .where { $0.where("name", .in, names).orWhere(SQLFunction("LOWER", args: SQLColumn("name")), .in, SQLBind.group(lowered)) }
            .all(rows: AccountRow.self)
        var found: [String: Account] = [:]
        for row in rows where found[row.name.lowercased()] == nil { found[row.name.lowercased()] = row.domain() }
        return found
    }

    public func deals(in team: TeamID, crmIDs: [String]) async throws -> [String: Deal] {
        guard !crmIDs.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(DealRow.table).where("team_id", .equal, team.rawValue)
            .where("crm_id", .in, crmIDs).all(rows: DealRow.self)
        var found: [String: Deal] = [:]
        for row in rows { if let crm = row.crmID { found[crm] = try row.domain() } }
        return found
    }

    public func dealsWithDebriefs(_ deals: [DealID], in team: TeamID) async throws -> Set<DealID> {
        guard !deals.isEmpty else { return [] }
        let rows = try await db.sql().select().column("deal_id").from(DebriefRow.table).where("team_id", .equal, team.rawValue)
            .where("deal_id", .in, deals.map(\.rawValue)).all()
        return Set(try rows.map { DealID(try $0.decode(column: "deal_id", as: UUID.self)) })
    }
}
