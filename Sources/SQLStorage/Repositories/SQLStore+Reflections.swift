import Domain
import FluentKit
import SQLKit
import Foundation
import Storage

extension SQLStore: ReflectionRepository {
    public func reflection(_ id: ReflectionID, in team: TeamID) async throws -> Reflection? {
        try await reflection(where: "id", is: id.rawValue, in: team)
    }

    public func reflection(forInteraction id: InteractionID, in team: TeamID) async throws -> Reflection? {
        try await reflection(where: "interaction_id", is: id.rawValue, in: team)
    }

    private func reflection(where column: String, is value: UUID, in team: TeamID) async throws -> Reflection? {
        let sql = db.sql()
        guard let row = try await sql.select().column("*").from(ReflectionRow.table).where(SQLIdentifier(column), .equal, value)
            .where("team_id", .equal, team.rawValue).first(row: ReflectionRow.self)
        else { return nil }
        return try row.domain(questions: try await questionRecords(ofReflections: [row.id], on: sql)[row.id] ?? [])
    }

    public func reflections(
        visibleTo viewer: MemberID, in team: TeamID, status: ReflectionListStatus, mineOnly: Bool, page: Paging
    ) async throws -> ListPage<Reflection> {
        let sql = db.sql()
        let query = sql.select().column("*").from(ReflectionRow.table).where("team_id", .equal, team.rawValue)
        // Privacy lives in the query itself: another member's private reflection never leaves the database.
        if mineOnly {
            query.where("author_id", .equal, viewer.rawValue)
        } else {
            query.where { $0.where("author_id", .equal, viewer.rawValue).orWhere("shared_at", .isNot, SQLLiteral.null) }
        }
        switch status {
        case .all: query.orderBy("created_at", .descending)
        case .pending: query.where("status", .equal, status.rawValue).orderBy("due_at", .ascending)
        case .completed, .skipped: query.where("status", .equal, status.rawValue).orderBy("created_at", .descending)
        }
        let rows = try await query.orderBy("id").limit(page.limit + 1).offset(page.offset)
            .all(rows: ReflectionRow.self)
        let questions = try await questionRecords(ofReflections: rows.map(\.id), on: sql)
        return ListPage(fetched: try rows.map { try $0.domain(questions: questions[$0.id] ?? []) }, request: page)
    }

    private func questionRecords(ofReflections ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [Question]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().column("*").from(QuestionRow.table).where("reflection_id", .in, ids)
            .orderBy("created_at").orderBy("id").all(rows: QuestionRow.self)
        var byReflection: [UUID: [Question]] = [:]
        for row in rows {
            if let reflection = row.reflectionID { byReflection[reflection, default: []].append(try row.domain()) }
        }
        return byReflection
    }

    public func updateReflection(_ reflection: Reflection, revision: ReflectionRevision?) async throws {
        try await write { tx in
            if let revision { try await tx.sql().insert(into: ReflectionRevisionRow.table).model(ReflectionRevisionRow(revision), with: Self.rowEncoder).run() }
            try await Self.save(reflection, on: tx)
        }
    }

    public func revisions(of id: ReflectionID) async throws -> [ReflectionRevision] {
        try await db.sql().select().column("*").from(ReflectionRevisionRow.table).where("reflection_id", .equal, id.rawValue)
            .orderBy("edited_at").all(rows: ReflectionRevisionRow.self).map { $0.domain() }
    }

    static func save(_ reflection: Reflection, on db: any Database) async throws {
        try await update(ReflectionRow(reflection), team: reflection.teamID, on: db, notFound: "reflection")
        try await SearchIndex.reflection(reflection, on: db)
    }
}
