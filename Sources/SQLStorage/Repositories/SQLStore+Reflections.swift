import Domain
import FluentKit
import Foundation
import Storage

extension SQLStore: ReflectionRepository {
    public func reflection(_ id: ReflectionID, in team: TeamID) async throws -> Reflection? {
        let db = self.db
        guard let model = try await ReflectionModel.query(on: db).filter(\.$id == id.rawValue)
            .filter(\.$teamID == team.rawValue).first()
        else { return nil }
        return try await withQuestions([model], on: db).first
    }

    public func reflection(forInteraction id: InteractionID, in team: TeamID) async throws -> Reflection? {
        let db = self.db
        guard let model = try await ReflectionModel.query(on: db).filter(\.$interactionID == id.rawValue)
            .filter(\.$teamID == team.rawValue).first()
        else { return nil }
        return try await withQuestions([model], on: db).first
    }

    public func reflections(
        visibleTo viewer: MemberID, in team: TeamID, status: ReflectionListStatus, mineOnly: Bool, page: Paging
    ) async throws -> ListPage<Reflection> {
        let db = self.db
        let query = ReflectionModel.query(on: db).filter(\.$teamID == team.rawValue)
        // Privacy lives in the query itself: another member's private reflection never leaves the database.
        if mineOnly {
            query.filter(\.$authorID == viewer.rawValue)
        } else {
            query.group(.or) { $0.filter(\.$authorID == viewer.rawValue).filter(\.$sharedAt != nil) }
        }
        switch status {
        case .all: query.sort(\.$createdAt, .descending)
        case .pending: query.filter(\.$status == status.rawValue).sort(\.$dueAt, .ascending)
        case .completed, .skipped: query.filter(\.$status == status.rawValue).sort(\.$createdAt, .descending)
        }
        let (rows, request) = try await query.sort(\.$id).page(page)
        let fetched = try await withQuestions(rows, on: db)
        return ListPage(fetched: fetched, request: request)
    }

    public func updateReflection(_ reflection: Reflection, revision: ReflectionRevision?) async throws {
        try await db.transaction { tx in
            if let revision { try await ReflectionRevisionModel(revision).create(on: tx) }
            try await Self.save(reflection, on: tx)
        }
    }

    public func revisions(of id: ReflectionID) async throws -> [ReflectionRevision] {
        try await ReflectionRevisionModel.query(on: db).filter(\.$reflectionID == id.rawValue)
            .sort(\.$editedAt, .ascending).all().map(\.domain)
    }

    static func save(_ reflection: Reflection, on db: any Database) async throws {
        guard let model = try await ReflectionModel.query(on: db).filter(\.$id == reflection.id.rawValue)
            .filter(\.$teamID == reflection.teamID.rawValue).first()
        else { throw DomainError.notFound("reflection") }
        model.apply(reflection)
        try await model.update(on: db)
        try await SearchIndex.reflection(reflection, on: db)
    }

    /// Loads the questions of several reflections in one query.
    private func withQuestions(_ models: [ReflectionModel], on db: any Database) async throws -> [Reflection] {
        guard !models.isEmpty else { return [] }
        let ids = models.compactMap { $0.id }
        let questions = try await QuestionModel.query(on: db).filter(\.$reflectionID ~~ ids.map { Optional($0) })
            .sort(\.$createdAt).sort(\.$id).all()
        var byReflection: [UUID: [Question]] = [:]
        for question in questions {
            if let reflectionID = question.reflectionID { byReflection[reflectionID, default: []].append(try question.domain()) }
        }
        return try models.map { try $0.domain(questions: byReflection[$0.id!] ?? []) }
    }
}
