import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: DebriefRepository {
    public func createDebrief(_ debrief: Debrief) async throws {
        try await write { tx in try await Self.insert(debrief, on: tx) }
    }

    /// Inserts a debrief and its participants; used alone and inside the deal and interaction transactions.
    static func insert(_ debrief: Debrief, on db: any Database) async throws {
        do {
            try await db.sql().insert(into: DebriefRow.table).model(DebriefRow(debrief), with: rowEncoder).run()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("This failure event already has a debrief.")
        }
        try await saveParticipants(debrief, on: db)
        try await SearchIndex.debrief(debrief, on: db)
    }

    private static func saveParticipants(_ debrief: Debrief, on db: any Database) async throws {
        let sql = db.sql()
        try await sql.delete(from: DebriefParticipantRow.table).where("debrief_id", .equal, debrief.id.rawValue).run()
        try await insert(DebriefParticipantRow.rows(of: debrief), on: sql)
    }

    public func debrief(_ id: DebriefID, in team: TeamID) async throws -> Debrief? {
        let db = self.db
        guard let row = try await db.sql().select().column("*").from(DebriefRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: DebriefRow.self)
        else { return nil }
        return try await withParticipants([row], on: db).first
    }

    public func debrief(for event: FailureEvent, in team: TeamID) async throws -> Debrief? {
        let db = self.db
        let query = db.sql().select().column("*").from(DebriefRow.table).where("team_id", .equal, team.rawValue)
        switch event {
        case .deal(let deal): query.where("deal_id", .equal, deal.rawValue)
        case .interaction(let interaction): query.where("interaction_id", .equal, interaction.rawValue)
        }
        guard let row = try await query.first(row: DebriefRow.self) else { return nil }
        return try await withParticipants([row], on: db).first
    }

    public func debriefs(in team: TeamID, filter: DebriefFilter, page: Paging) async throws -> ListPage<Debrief> {
        let db = self.db
        let query = db.sql().select().column("*").from(DebriefRow.table)
            .where(Self.teamScope(DebriefRow.table, team, preferOtherIndexes: filter.accountID != nil, on: db.sql()))
        if let status = filter.status { query.where("status", .equal, status.rawValue) }
        if let account = filter.accountID { query.where("account_id", .equal, account.rawValue) }
        if filter.openOnly { query.where("status", .notEqual, DebriefStatus.completed.rawValue) }
        if let overdueAt = filter.overdueAt {
            query.where("status", .notEqual, DebriefStatus.completed.rawValue).where("due_at", .lessThan, overdueAt)
        }
        if let participant = filter.participant {
            query.where {
                $0.where("facilitator_id", .equal, participant.rawValue).orWhere(SQLColumn("id"), .in, SQLSubquery.select {
                    $0.column("debrief_id").from(DebriefParticipantRow.table).where("member_id", .equal, participant.rawValue)
                })
            }
        }
        let rows = try await query.orderBy("due_at").orderBy("id").page(page).all(rows: DebriefRow.self)
        return ListPage(fetched: try await withParticipants(rows, on: db), request: page)
    }

    public func updateDebrief(_ debrief: Debrief) async throws {
        try await write { tx in
            try await Self.update(DebriefRow(debrief), team: debrief.teamID, on: tx, notFound: "debrief")
            try await Self.saveParticipants(debrief, on: tx)
            try await SearchIndex.debrief(debrief, on: tx)
        }
    }

    private func withParticipants(_ debriefs: [DebriefRow], on db: any Database) async throws -> [Debrief] {
        guard !debriefs.isEmpty else { return [] }
        let rows = try await db.sql().select().column("*").from(DebriefParticipantRow.table).where("debrief_id", .in, debriefs.map(\.id))
            .orderBy("position").all(rows: DebriefParticipantRow.self)
        var byDebrief: [UUID: [MemberID]] = [:]
        for row in rows { byDebrief[row.debriefID, default: []].append(MemberID(row.memberID)) }
        return try debriefs.map { try $0.domain(participants: byDebrief[$0.id] ?? []) }
    }

    public func perspective(of author: MemberID, area: DebriefArea, in debrief: DebriefID) async throws -> Perspective? {
        try await db.sql().select().column("*").from(PerspectiveRow.table).where("debrief_id", .equal, debrief.rawValue)
            .where("author_id", .equal, author.rawValue).where("area", .equal, area.rawValue).first(row: PerspectiveRow.self)?.domain()
    }

    public func perspectives(of debrief: DebriefID, visibleTo viewer: MemberID) async throws -> [Perspective] {
        // Drafts stay with their author: the filter is in the query, not in the caller.
        try await db.sql().select().column("*").from(PerspectiveRow.table).where("debrief_id", .equal, debrief.rawValue)
            .where { $0.where("author_id", .equal, viewer.rawValue).orWhere("submitted_at", .isNot, SQLLiteral.null) }
            .orderBy("created_at").orderBy("id").all(rows: PerspectiveRow.self).map { try $0.domain() }
    }

    public func savePerspective(_ perspective: Perspective) async throws {
        try await unique("You already wrote a perspective for this area.") {
            try await write { tx in
                let sql = tx.sql()
                let row = PerspectiveRow(perspective)
                if try await !Self.update(row, on: sql) {
                    try await sql.insert(into: PerspectiveRow.table).model(row, with: Self.rowEncoder).run()
                }
                try await SearchIndex.perspective(perspective, on: tx)
            }
        }
    }

    public func submitPerspectives(of author: MemberID, in debrief: DebriefID, at now: Date) async throws -> Int {
        try await write { tx in
            let sql = tx.sql()
            let drafts = try await sql.select().column("*").from(PerspectiveRow.table).where("debrief_id", .equal, debrief.rawValue)
                .where("author_id", .equal, author.rawValue).where("submitted_at", .is, SQLLiteral.null).all(rows: PerspectiveRow.self)
            guard !drafts.isEmpty else { return 0 }
            try await sql.update(PerspectiveRow.table).set("submitted_at", to: now).set("updated_at", to: now)
                .where("id", .in, drafts.map(\.id)).run()
            for var draft in drafts {
                draft.submittedAt = now
                draft.updatedAt = now
                try await SearchIndex.perspective(try draft.domain(), on: tx)
            }
            return drafts.count
        }
    }

    public func addTimelineEntries(_ entries: [TimelineEntry]) async throws {
        try await write { tx in
            try await Self.insert(entries.map(TimelineEntryRow.init), on: tx.sql())
            for entry in entries { try await SearchIndex.timeline(entry, on: tx) }
        }
    }

    public func timelineEntry(_ id: TimelineEntryID, in team: TeamID) async throws -> TimelineEntry? {
        try await db.sql().select().column("*").from(TimelineEntryRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: TimelineEntryRow.self)?.domain()
    }

    public func timeline(of debrief: DebriefID) async throws -> [TimelineEntry] {
        try await db.sql().select().column("*").from(TimelineEntryRow.table).where("debrief_id", .equal, debrief.rawValue)
            .orderBy("occurred_at").orderBy("created_at").all(rows: TimelineEntryRow.self).map { try $0.domain() }
    }

    public func updateTimelineEntry(_ entry: TimelineEntry, revision: TimelineRevision) async throws {
        try await write { tx in
            // The entry first: one of another team is not found, and no revision is written.
            try await Self.update(TimelineEntryRow(entry), team: entry.teamID, on: tx, notFound: "timeline entry")
            try await tx.sql().insert(into: TimelineRevisionRow.table).model(TimelineRevisionRow(revision), with: Self.rowEncoder).run()
            try await SearchIndex.timeline(entry, on: tx)
        }
    }

    public func timelineRevisions(of entry: TimelineEntryID) async throws -> [TimelineRevision] {
        try await db.sql().select().column("*").from(TimelineRevisionRow.table).where("entry_id", .equal, entry.rawValue)
            .orderBy("edited_at").all(rows: TimelineRevisionRow.self).map { try $0.domain() }
    }
}

extension SQLStore: LearningRepository {
    public func addLesson(_ lesson: Lesson) async throws {
        try await write { tx in
            try await tx.sql().insert(into: LessonRow.table).model(LessonRow(lesson), with: Self.rowEncoder).run()
            try await SearchIndex.lesson(lesson, on: tx)
        }
    }

    public func lesson(_ id: LessonID, in team: TeamID) async throws -> Lesson? {
        try await db.sql().select().column("*").from(LessonRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: LessonRow.self)?.domain()
    }

    public func updateLesson(_ lesson: Lesson) async throws {
        try await write { tx in
            try await Self.update(LessonRow(lesson), team: lesson.teamID, on: tx, notFound: "lesson")
            try await SearchIndex.lesson(lesson, on: tx)
        }
    }

    public func lessons(_ ids: [LessonID], in team: TeamID) async throws -> [LessonID: Lesson] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(LessonRow.table).where("id", .in, Set(ids).map(\.rawValue))
            .where(Self.teamScope(LessonRow.table, team, preferOtherIndexes: true, on: db.sql())).all(rows: LessonRow.self)
        return Dictionary(rows.map { row in let lesson = row.domain(); return (lesson.id, lesson) }, uniquingKeysWith: { first, _ in first })
    }

    public func lessons(in team: TeamID, filter: LessonFilter, page: Paging) async throws -> ListPage<Lesson> {
        let narrow = filter.debriefID != nil || filter.accountID != nil
        let query = db.sql().select().column("*").from(LessonRow.table)
            .where(Self.teamScope(LessonRow.table, team, preferOtherIndexes: narrow, on: db.sql()))
        if let debrief = filter.debriefID { query.where("debrief_id", .equal, debrief.rawValue) }
        if let account = filter.accountID {
            query.where(SQLQueryString("debrief_id IN (SELECT id FROM debriefs WHERE account_id = \(bind: account.rawValue) AND team_id = \(bind: team.rawValue))"))
        }
        if let text = filter.textContains { query.where(Self.lowercased("text", contains: text)) }
        if let tag = filter.tag { query.where("tag_index", .like, "%|\(Self.likeEscaped(tag.lowercased()))|%") }
        let rows = try await query.orderBy("created_at", .descending).orderBy("id").page(page).all(rows: LessonRow.self)
        return ListPage(fetched: rows.map { $0.domain() }, request: page)
    }

    public func addActionItem(_ item: ActionItem) async throws {
        try await db.sql().insert(into: ActionItemRow.table).model(ActionItemRow(item), with: Self.rowEncoder).run()
    }

    public func actionItem(_ id: ActionItemID, in team: TeamID) async throws -> ActionItem? {
        try await db.sql().select().column("*").from(ActionItemRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: ActionItemRow.self)?.domain()
    }

    public func updateActionItem(_ item: ActionItem) async throws {
        try await Self.update(ActionItemRow(item), team: item.teamID, on: db, notFound: "action item")
    }

    public func actionItems(in team: TeamID, filter: ActionFilter, page: Paging) async throws -> ListPage<ActionItem> {
        let query = db.sql().select().column("*").from(ActionItemRow.table).where("team_id", .equal, team.rawValue)
        if let debrief = filter.debriefID { query.where("debrief_id", .equal, debrief.rawValue) }
        if let owner = filter.ownerID { query.where("owner_id", .equal, owner.rawValue) }
        if let status = filter.status { query.where("status", .equal, status.rawValue) }
        let rows = try await query.orderBy("due_date").orderBy("id").page(page).all(rows: ActionItemRow.self)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: page)
    }

    public func recordPulse(_ response: PulseResponse) async throws {
        guard let debrief = try await db.sql().select().column("team_id").from(DebriefRow.table)
            .where("id", .equal, response.debriefID.rawValue).first()
        else { throw DomainError.notFound("debrief") }
        let row = PulseResponseRow(response, team: TeamID(try debrief.decode(column: "team_id", as: UUID.self)))
        try await unique("You already answered the pulse for this debrief.") {
            try await db.sql().insert(into: PulseResponseRow.table).model(row, with: Self.rowEncoder).run()
        }
    }

    public func pulseSummary(in team: TeamID, debrief: DebriefID?) async throws -> PulseSummary {
        let query = db.sql().select().column("*").from(PulseResponseRow.table).where("team_id", .equal, team.rawValue)
        if let debrief { query.where("debrief_id", .equal, debrief.rawValue) }
        let rows = try await query.all(rows: PulseResponseRow.self)
        return PulseSummary(
            responses: rows.count, learnedSomething: rows.filter(\.learnedSomething).count,
            wouldAttendAgain: rows.filter(\.wouldAttendAgain).count)
    }
}
