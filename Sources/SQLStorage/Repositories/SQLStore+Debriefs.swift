import Domain
import FluentKit
import Foundation
import Storage

extension SQLStore: DebriefRepository {
    public func createDebrief(_ debrief: Debrief) async throws {
        try await write { tx in try await Self.insert(debrief, on: tx) }
    }

    /// Inserts a debrief and its participants; used alone and inside the deal and interaction transactions.
    static func insert(_ debrief: Debrief, on db: any Database) async throws {
        do {
            try await DebriefModel(debrief).create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("This failure event already has a debrief.")
        }
        try await saveParticipants(debrief, on: db)
        try await SearchIndex.debrief(debrief, on: db)
    }

    private static func saveParticipants(_ debrief: Debrief, on db: any Database) async throws {
        try await DebriefParticipantModel.query(on: db).filter(\.$debriefID == debrief.id.rawValue).delete()
        for (position, member) in debrief.participantIDs.enumerated() {
            try await DebriefParticipantModel(debrief: debrief.id, member: member, position: position).create(on: db)
        }
    }

    public func debrief(_ id: DebriefID, in team: TeamID) async throws -> Debrief? {
        let db = self.db
        guard let model = try await DebriefModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()
        else { return nil }
        return try await withParticipants([model], on: db).first
    }

    public func debrief(for event: FailureEvent, in team: TeamID) async throws -> Debrief? {
        let db = self.db
        let query = DebriefModel.query(on: db).filter(\.$teamID == team.rawValue)
        switch event {
        case .deal(let deal): query.filter(\.$dealID == deal.rawValue)
        case .interaction(let interaction): query.filter(\.$interactionID == interaction.rawValue)
        }
        guard let model = try await query.first() else { return nil }
        return try await withParticipants([model], on: db).first
    }

    public func debriefs(in team: TeamID, filter: DebriefFilter, page: Paging) async throws -> ListPage<Debrief> {
        let db = self.db
        let query = DebriefModel.query(on: db).filter(\.$teamID == team.rawValue)
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        if let account = filter.accountID { query.filter(\.$accountID == account.rawValue) }
        if let overdueAt = filter.overdueAt {
            query.filter(\.$status != DebriefStatus.completed.rawValue).filter(\.$dueAt < overdueAt)
        }
        if let participant = filter.participant {
            let ids = try await DebriefParticipantModel.query(on: db).filter(\.$memberID == participant.rawValue).all().map(\.debriefID)
            query.group(.or) { $0.filter(\.$facilitatorID == participant.rawValue).filter(\.$id ~~ ids) }
        }
        let (rows, request) = try await query.sort(\.$dueAt).sort(\.$id).page(page)
        return ListPage(fetched: try await withParticipants(rows, on: db), request: request)
    }

    public func updateDebrief(_ debrief: Debrief) async throws {
        try await write { tx in
            guard let model = try await DebriefModel.query(on: tx).filter(\.$id == debrief.id.rawValue)
                .filter(\.$teamID == debrief.teamID.rawValue).first()
            else { throw DomainError.notFound("debrief") }
            model.apply(debrief)
            try await model.update(on: tx)
            try await Self.saveParticipants(debrief, on: tx)
            try await SearchIndex.debrief(debrief, on: tx)
        }
    }

    private func withParticipants(_ models: [DebriefModel], on db: any Database) async throws -> [Debrief] {
        guard !models.isEmpty else { return [] }
        let rows = try await DebriefParticipantModel.query(on: db).filter(\.$debriefID ~~ models.compactMap(\.id))
            .sort(\.$position).all()
        var byDebrief: [UUID: [MemberID]] = [:]
        for row in rows { byDebrief[row.debriefID, default: []].append(MemberID(row.memberID)) }
        return try models.map { try $0.domain(participants: byDebrief[$0.id!] ?? []) }
    }

    public func perspective(of author: MemberID, area: DebriefArea, in debrief: DebriefID) async throws -> Perspective? {
        try await PerspectiveModel.query(on: db).filter(\.$debriefID == debrief.rawValue).filter(\.$authorID == author.rawValue)
            .filter(\.$area == area.rawValue).first()?.domain()
    }

    public func perspectives(of debrief: DebriefID, visibleTo viewer: MemberID) async throws -> [Perspective] {
        // Drafts stay with their author: the filter is in the query, not in the caller.
        try await PerspectiveModel.query(on: db).filter(\.$debriefID == debrief.rawValue)
            .group(.or) { $0.filter(\.$authorID == viewer.rawValue).filter(\.$submittedAt != nil) }
            .sort(\.$createdAt).sort(\.$id).all().map { try $0.domain() }
    }

    public func savePerspective(_ perspective: Perspective) async throws {
        try await unique("You already wrote a perspective for this area.") {
            try await write { tx in
                if let model = try await PerspectiveModel.find(perspective.id.rawValue, on: tx) {
                    model.apply(perspective)
                    try await model.update(on: tx)
                } else {
                    try await PerspectiveModel(perspective).create(on: tx)
                }
                try await SearchIndex.perspective(perspective, on: tx)
            }
        }
    }

    public func submitPerspectives(of author: MemberID, in debrief: DebriefID, at now: Date) async throws -> Int {
        try await write { tx in
            let drafts = try await PerspectiveModel.query(on: tx).filter(\.$debriefID == debrief.rawValue)
                .filter(\.$authorID == author.rawValue).filter(\.$submittedAt == nil).all()
            for draft in drafts {
                draft.submittedAt = now
                draft.updatedAt = now
                try await draft.update(on: tx)
                try await SearchIndex.perspective(try draft.domain(), on: tx)
            }
            return drafts.count
        }
    }

    public func addTimelineEntries(_ entries: [TimelineEntry]) async throws {
        try await write { tx in
            for entry in entries {
                try await TimelineEntryModel(entry).create(on: tx)
                try await SearchIndex.timeline(entry, on: tx)
            }
        }
    }

    public func timelineEntry(_ id: TimelineEntryID, in team: TeamID) async throws -> TimelineEntry? {
        try await TimelineEntryModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain()
    }

    public func timeline(of debrief: DebriefID) async throws -> [TimelineEntry] {
        try await TimelineEntryModel.query(on: db).filter(\.$debriefID == debrief.rawValue).sort(\.$occurredAt).sort(\.$createdAt)
            .all().map { try $0.domain() }
    }

    public func updateTimelineEntry(_ entry: TimelineEntry, revision: TimelineRevision) async throws {
        try await write { tx in
            guard let model = try await TimelineEntryModel.query(on: tx).filter(\.$id == entry.id.rawValue)
                .filter(\.$teamID == entry.teamID.rawValue).first()
            else { throw DomainError.notFound("timeline entry") }
            try await TimelineRevisionModel(revision).create(on: tx)
            model.apply(entry)
            try await model.update(on: tx)
            try await SearchIndex.timeline(entry, on: tx)
        }
    }

    public func timelineRevisions(of entry: TimelineEntryID) async throws -> [TimelineRevision] {
        try await TimelineRevisionModel.query(on: db).filter(\.$entryID == entry.rawValue).sort(\.$editedAt).all().map { try $0.domain() }
    }
}

extension SQLStore: LearningRepository {
    public func addLesson(_ lesson: Lesson) async throws {
        try await write { tx in
            try await LessonModel(lesson).create(on: tx)
            try await SearchIndex.lesson(lesson, on: tx)
        }
    }

    public func lesson(_ id: LessonID, in team: TeamID) async throws -> Lesson? {
        try await LessonModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain
    }

    public func updateLesson(_ lesson: Lesson) async throws {
        let db = self.db
        try await write { tx in
            guard let model = try await LessonModel.query(on: tx).filter(\.$id == lesson.id.rawValue)
                .filter(\.$teamID == lesson.teamID.rawValue).first()
            else { throw DomainError.notFound("lesson") }
            model.apply(lesson)
            try await model.update(on: tx)
            try await SearchIndex.lesson(lesson, on: tx)
        }
    }

    public func lessons(in team: TeamID, filter: LessonFilter, page: Paging) async throws -> ListPage<Lesson> {
        let query = LessonModel.query(on: db).filter(\.$teamID == team.rawValue)
        if let debrief = filter.debriefID { query.filter(\.$debriefID == debrief.rawValue) }
        if let text = filter.textContains { query.filter(Self.containsIgnoringCase("text", text)) }
        if let tag = filter.tag { query.filter(\.$tagIndex, .custom("LIKE"), "%|\(Self.likeEscaped(tag.lowercased()))|%") }
        let (rows, request) = try await query.sort(\.$createdAt, .descending).sort(\.$id).page(page)
        return ListPage(fetched: rows.map(\.domain), request: request)
    }

    public func addActionItem(_ item: ActionItem) async throws {
        try await ActionItemModel(item).create(on: db)
    }

    public func actionItem(_ id: ActionItemID, in team: TeamID) async throws -> ActionItem? {
        try await ActionItemModel.query(on: db).filter(\.$id == id.rawValue).filter(\.$teamID == team.rawValue).first()?.domain()
    }

    public func updateActionItem(_ item: ActionItem) async throws {
        let db = self.db
        guard let model = try await ActionItemModel.query(on: db).filter(\.$id == item.id.rawValue)
            .filter(\.$teamID == item.teamID.rawValue).first()
        else { throw DomainError.notFound("action item") }
        model.apply(item)
        try await model.update(on: db)
    }

    public func actionItems(in team: TeamID, filter: ActionFilter, page: Paging) async throws -> ListPage<ActionItem> {
        let query = ActionItemModel.query(on: db).filter(\.$teamID == team.rawValue)
        if let debrief = filter.debriefID { query.filter(\.$debriefID == debrief.rawValue) }
        if let owner = filter.ownerID { query.filter(\.$ownerID == owner.rawValue) }
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        let (rows, request) = try await query.sort(\.$dueDate).sort(\.$id).page(page)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: request)
    }

    public func recordPulse(_ response: PulseResponse) async throws {
        guard let debrief = try await DebriefModel.find(response.debriefID.rawValue, on: db) else { throw DomainError.notFound("debrief") }
        try await unique("You already answered the pulse for this debrief.") {
            try await PulseResponseModel(response, team: TeamID(debrief.teamID)).create(on: db)
        }
    }

    public func pulseSummary(in team: TeamID, debrief: DebriefID?) async throws -> PulseSummary {
        let query = PulseResponseModel.query(on: db).filter(\.$teamID == team.rawValue)
        if let debrief { query.filter(\.$debriefID == debrief.rawValue) }
        let rows = try await query.all()
        return PulseSummary(
            responses: rows.count, learnedSomething: rows.filter(\.learnedSomething).count,
            wouldAttendAgain: rows.filter(\.wouldAttendAgain).count)
    }
}
