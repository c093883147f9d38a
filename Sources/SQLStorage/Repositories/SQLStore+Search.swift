import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

/// Keeps `search_documents` in step with the texts, inside the caller's transaction.
enum SearchIndex {
    static func put(_ document: SearchDocumentRow, on db: any Database) async throws {
        let sql = db.sql()
        try await sql.delete(from: SearchDocumentRow.table).where("kind", .equal, document.kind).where("ref_id", .equal, document.refID).run()
        guard !document.body.isEmpty || !document.title.isEmpty else { return }
        try await sql.insert(into: SearchDocumentRow.table).model(document, with: SQLStore.rowEncoder).run()
    }

    static func remove(_ kind: SearchKind, _ ref: UUID, on db: any Database) async throws {
        try await db.sql().delete(from: SearchDocumentRow.table).where("kind", .equal, kind.rawValue).where("ref_id", .equal, ref).run()
    }

    static func lesson(_ l: Lesson, on db: any Database) async throws {
        try await put(document(l), on: db)
    }

    static func question(_ q: Question, on db: any Database) async throws {
        try await put(document(q), on: db)
    }

    static func reflection(_ r: Reflection, on db: any Database) async throws {
        try await put(document(r), on: db)
    }

    static func debrief(_ d: Debrief, on db: any Database) async throws {
        try await put(document(d), on: db)
    }

    static func timeline(_ e: TimelineEntry, on db: any Database) async throws {
        try await put(document(e), on: db)
    }

    static func perspective(_ p: Perspective, on db: any Database) async throws {
        try await put(document(p), on: db)
    }

    // The documents, shared by single writes and bulk writes.
    static func document(_ l: Lesson) -> SearchDocumentRow {
        return SearchDocumentRow(
            team: l.teamID, kind: .lesson, ref: l.id.rawValue, privateTo: nil, title: "Lesson",
            body: l.text + (l.tags.isEmpty ? "" : "\n" + l.tags.joined(separator: " ")), account: nil, debrief: l.debriefID,
            at: l.updatedAt)
    }

    static func document(_ q: Question) -> SearchDocumentRow {
        let body = [q.text, q.answer].compactMap { $0 }.joined(separator: "\n")
        return SearchDocumentRow(
            team: q.teamID, kind: .question, ref: q.id.rawValue, privateTo: q.inLibrary ? nil : q.askedByID,
            title: q.status == .answered ? "Answered question" : "Question" + (q.topic.map { " (\($0))" } ?? ""),
            body: body, account: q.accountID, debrief: q.debriefID, at: q.closedAt ?? q.createdAt)
    }

    static func document(_ r: Reflection) -> SearchDocumentRow {
        let body = r.notes.answered.map(\.text).joined(separator: "\n")
        return SearchDocumentRow(
            team: r.teamID, kind: .reflection, ref: r.id.rawValue, privateTo: r.isShared ? nil : r.authorID,
            title: "Reflection on a \(r.outcome.rawValue) interaction", body: body, account: nil, debrief: nil, at: r.updatedAt)
    }

    static func document(_ d: Debrief) -> SearchDocumentRow {
        let body = [d.summary, d.parkedIdeas].compactMap { $0 }.joined(separator: "\n")
        return SearchDocumentRow(
            team: d.teamID, kind: .debrief, ref: d.id.rawValue, privateTo: nil, title: d.title, body: body, account: d.accountID,
            debrief: d.id, at: d.updatedAt)
    }

    static func document(_ e: TimelineEntry) -> SearchDocumentRow {
        return SearchDocumentRow(
            team: e.teamID, kind: .timeline, ref: e.id.rawValue, privateTo: nil, title: "Timeline: \(e.actor)", body: e.description,
            account: nil, debrief: e.debriefID, at: e.updatedAt)
    }

    static func document(_ p: Perspective) -> SearchDocumentRow {
        return SearchDocumentRow(
            team: p.teamID, kind: .perspective, ref: p.id.rawValue, privateTo: p.isSubmitted ? nil : p.authorID,
            title: "Perspective: \(p.area.title)", body: p.text, account: nil, debrief: p.debriefID, at: p.updatedAt)
    }
}

extension SQLStore: SearchRepository {
    /// How many of a word's newest matches are ranked before falling back to all of them (SQLite).
    /// Ranking costs in proportion to it: at a million interactions the brief's similar lessons took
    /// 5 ms with 1,000 and 2 ms with 300 (below that, bm25's statistics over each word's whole list are
    /// the floor). The newest 300 mentions of a word are also the ones a rep is likeliest to want.
    static let rankWindow = 300
    /// How many of the viewer's newest matches PostgreSQL ranks. A GIN index cannot walk matches newest
    /// first, so for a common word PostgreSQL walks the team's newest documents and tests each: the walk
    /// is this window divided by how many documents match, 150 ms for 1,000 at a million interactions.
    static let rankWindowPostgres = 100
    /// Kinds with an index of their own on SQLite (see CreateSearchFewKinds).
    static let fewDocumentKinds: Set<SearchKind> = [.lesson, .debrief, .timeline, .perspective]

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        let words = SearchTerms.words(query.text, droppingStopwords: query.mode == .any)
        guard !words.isEmpty, !query.kinds.isEmpty else { return [] }
        let kinds = query.kinds.map(\.rawValue)
        let start = String(SearchHit.markStart)
        let end = String(SearchHit.markEnd)
        // Whole (stemmed) words first: a prefix term makes the index merge the lists of every term it
        // starts (18 ms for "pricing" at a million interactions). The search box falls back to
        // prefixes, for a word still being typed, only when whole words find too little.
        var rows = try await matches(words, query, prefix: false, kinds: kinds, start: start, end: end)
        if query.mode == .all, rows.count < query.limit {
            rows = try await matches(words, query, prefix: true, kinds: kinds, start: start, end: end)
        }
        return try rows.map { row in
            SearchHit(
            kind: try decode(SearchKind.self, try row.decode(column: "kind", as: String.self)),
            refID: try row.decode(column: "ref_id", as: UUID.self),
            title: try row.decode(column: "title", as: String.self),
            snippet: try row.decode(column: "snippet", as: String.self),
            accountID: try row.decode(column: "account_id", as: UUID?.self).map { AccountID($0) },
            debriefID: try row.decode(column: "debrief_id", as: UUID?.self).map { DebriefID($0) })
        }
    }

    private func matches(
        _ words: [String], _ query: SearchQuery, prefix: Bool, kinds: [String], start: String, end: String
    ) async throws -> [any SQLRow] {
        let sql = db.sql()
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            // Each word is a quoted FTS5 string; `SearchTerms` lets only letters, digits and marks through.
            let match = words.map { "\"\($0)\"" + (prefix ? "*" : "") }.joined(separator: query.mode == .all ? " " : " OR ")
            // Kinds that are few have an index of their own (CreateSearchFewKinds). CROSS JOIN keeps the
            // full-text index the outer loop: given the rowid bound, SQLite otherwise walks the team's
            // documents and runs the full-text query once for each (56 ms instead of 1 at 100k).
            let index = query.kinds.isSubset(of: Self.fewDocumentKinds) ? "search_fts_few" : "search_fts"
            // Ranking every match costs time in proportion to the corpus. A common word is ranked among
            // its newest `rankWindow` matches first (FTS5 walks rowids newest first, cheaply); only when
            // those hold too few results the viewer may see is everything ranked.
            let cutoff = try await sql.raw("""
                SELECT rowid FROM \(unsafeRaw: index) WHERE \(unsafeRaw: index) MATCH \(bind: match) ORDER BY rowid DESC
                LIMIT 1 OFFSET \(bind: Self.rankWindow - 1)
                """).first()?.decode(column: "rowid", as: Int.self)
            func ranked(from lowest: Int) async throws -> [any SQLRow] {
                try await sql.raw("""
                SELECT d.kind, d.ref_id, d.title, d.account_id, d.debrief_id,
                       snippet(\(unsafeRaw: index), -1, \(bind: start), \(bind: end), '…', 16) AS snippet
                FROM \(unsafeRaw: index) CROSS JOIN search_documents d ON d.rowid = \(unsafeRaw: index).rowid
                WHERE \(unsafeRaw: index) MATCH \(bind: match) AND \(unsafeRaw: index).rowid >= \(bind: lowest)
                  AND d.team_id = \(bind: query.team.rawValue)
                  AND (d.private_to IS NULL OR d.private_to = \(bind: query.viewer.rawValue))
                  AND d.kind IN (\(binds: kinds))
                ORDER BY bm25(\(unsafeRaw: index), 2.0, 1.0) LIMIT \(bind: query.limit)
                """).all()
            }
            var found = try await ranked(from: cutoff ?? 0)
            if let cutoff, cutoff > 0, found.count < query.limit { found = try await ranked(from: 0) }
            rows = found
        } else {
            // Each word is a quoted tsquery lexeme; `SearchTerms` lets only letters, digits and marks through.
            let tsquery = words.map { "'\($0)'" + (prefix ? ":*" : "") }.joined(separator: query.mode == .all ? " & " : " | ")
            // Only the viewer's newest `rankWindowPostgres` matches are ranked (PostgreSQL can walk the
            // (team_id, updated_at) index backwards for a common word and stop there), and only the
            // rows returned are highlighted: ranking and highlighting every match of a common word
            // took most of a second at a million interactions.
            rows = try await sql.raw("""
            SELECT kind, ref_id, title, account_id, debrief_id,
                   ts_headline('english', title || ' ' || body, q,
                     \(bind: "StartSel=\(start), StopSel=\(end), MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…")) AS snippet
            FROM (
              SELECT c.kind, c.ref_id, c.title, c.body, c.account_id, c.debrief_id, c.updated_at, q, ts_rank(c.tsv, q) AS rank
              FROM (
                SELECT d.kind, d.ref_id, d.title, d.body, d.account_id, d.debrief_id, d.updated_at, d.tsv
                FROM search_documents d
                WHERE d.tsv @@ to_tsquery('english', \(bind: tsquery)) AND d.team_id = \(bind: query.team.rawValue)
                  AND (d.private_to IS NULL OR d.private_to = \(bind: query.viewer.rawValue))
                  AND d.kind IN (\(binds: kinds))
                ORDER BY d.updated_at DESC LIMIT \(bind: Self.rankWindowPostgres)
              ) c, to_tsquery('english', \(bind: tsquery)) q
              ORDER BY rank DESC, c.updated_at DESC LIMIT \(bind: query.limit)
            ) top
            ORDER BY rank DESC, updated_at DESC
            """).all()
        }
        return rows
    }
}

extension SQLStore: QuestionRepository {
    public func addQuestion(_ question: Question) async throws {
        try await write { tx in
            try await tx.sql().insert(into: QuestionRow.table).model(QuestionRow(question), with: Self.rowEncoder).run()
            try await SearchIndex.question(question, on: tx)
        }
    }

    public func question(_ id: QuestionID, in team: TeamID) async throws -> Question? {
        try await db.sql().select().column("*").from(QuestionRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: QuestionRow.self)?.domain()
    }

    public func updateQuestion(_ question: Question) async throws {
        try await write { tx in
            try await Self.update(QuestionRow(question), team: question.teamID, on: tx, notFound: "question")
            try await SearchIndex.question(question, on: tx)
        }
    }

    public func questions(in team: TeamID, visibleTo viewer: MemberID, filter: QuestionFilter, page: Paging) async throws -> ListPage<Question> {
        let narrow = filter.accountID != nil || filter.reflectionID != nil || filter.debriefID != nil
        let sql = db.sql()
        // Privacy lives in the query: a question kept out of the library is its author's alone.
        let query = sql.select().column("*").from(QuestionRow.table)
            .where(Self.teamScope(QuestionRow.table, team, preferOtherIndexes: narrow, on: sql))
            .where { $0.where("in_library", .equal, true).orWhere("asked_by_id", .equal, viewer.rawValue) }
        if let status = filter.status { query.where("status", .equal, status.rawValue) }
        if let topic = filter.topic { query.where("topic", .equal, topic.lowercased()) }
        if let account = filter.accountID { query.where("account_id", .equal, account.rawValue) }
        if let reflection = filter.reflectionID { query.where("reflection_id", .equal, reflection.rawValue) }
        if let debrief = filter.debriefID { query.where("debrief_id", .equal, debrief.rawValue) }
        let rows = try await query.orderBy("created_at", .descending).orderBy("id").page(page).all(rows: QuestionRow.self)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: page)
    }

    public func answeredQuestions(
        similarTo text: String, in team: TeamID, visibleTo viewer: MemberID, excluding: QuestionID?, limit: Int
    ) async throws -> [Question] {
        // Whole (stemmed) words, not prefixes: a prefix term makes FTS5 merge every matching term's
        // list up front, which grows with the library.
        let words = SearchTerms.words(text, droppingStopwords: true)
        guard !words.isEmpty, limit > 0 else { return [] }
        let sql = db.sql()
        let excluded = excluding?.rawValue ?? UUID()
        let rows: [QuestionRow]
        if sql.dialect.name == "sqlite" {
            // Each word is a quoted FTS5 string; `SearchTerms` lets only letters, digits and marks through.
            let anyWord = words.map { "\"\($0)\"" }.joined(separator: " OR ")
            let match = SQLQueryString("('team : t' || hex(\(bind: team.rawValue)) || ' AND (' || \(bind: anyWord) || ')')")
            // FTS5 walks a match newest rowid first and stops at the window's edge; only rows past it are
            // ranked. CROSS JOIN keeps the index the outer loop (see `search`).
            let edge = try await sql.raw("""
                SELECT rowid FROM answer_library_fts WHERE answer_library_fts MATCH \(match)
                ORDER BY rowid DESC LIMIT 1 OFFSET \(bind: SimilarAnswers.window - 1)
                """).first()?.decode(column: "rowid", as: Int.self) ?? 0
            // The ranking matches the words alone: bm25 counts the documents holding each phrase of the
            // match, and the team's phrase is in every one of the team's (100,000 at a million, 3 ms a
            // query). Its column weighs 0, so the order is the same; `q.team_id` keeps the team.
            rows = try await sql.raw("""
                SELECT q.* FROM answer_library_fts CROSS JOIN questions q ON q.rowid = answer_library_fts.rowid
                WHERE answer_library_fts MATCH \(bind: anyWord) AND answer_library_fts.rowid >= \(bind: edge)
                  AND q.team_id = \(bind: team.rawValue) AND q.status = 'answered' AND q.id <> \(bind: excluded)
                  AND (q.in_library = \(bind: true) OR q.asked_by_id = \(bind: viewer.rawValue))
                ORDER BY bm25(answer_library_fts, 0.0, 1.0), q.rowid DESC LIMIT \(bind: limit)
                """).all(rows: QuestionRow.self)
        } else {
            // Each word is a quoted tsquery lexeme; `SearchTerms` lets only letters, digits and marks through.
            let anyWord = words.map { "'\($0)'" }.joined(separator: " | ")
            // The team's newest matches by creation time, then ranked: PostgreSQL may walk the
            // (team_id, created_at) index backwards for a common word and stop at the window.
            rows = try await sql.raw("""
                SELECT c.* FROM (
                  SELECT q.* FROM questions q
                  WHERE q.team_id = \(bind: team.rawValue) AND q.status = 'answered' AND q.id <> \(bind: excluded)
                    AND q.answer_tsv @@ to_tsquery('english', \(bind: anyWord))
                    AND (q.in_library OR q.asked_by_id = \(bind: viewer.rawValue))
                  ORDER BY q.created_at DESC LIMIT \(bind: SimilarAnswers.window)
                ) c
                ORDER BY ts_rank(c.answer_tsv, to_tsquery('english', \(bind: anyWord))) DESC, c.created_at DESC LIMIT \(bind: limit)
                """).all(rows: QuestionRow.self)
        }
        return try rows.map { try $0.domain() }
    }
}
