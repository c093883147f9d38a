import Domain
import FluentKit
import SQLKit
import Foundation
import Storage

extension SQLStore: AccountRepository {
    public func createAccount(_ account: Account) async throws {
        try await unique("An account with the CRM id \(account.crmID ?? "") already exists.") {
            try await db.sql().insert(into: AccountRow.table).model(AccountRow(account), with: Self.rowEncoder).run()
        }
    }

    public func account(_ id: AccountID, in team: TeamID) async throws -> Account? {
        try await db.sql().select().column("*").from(AccountRow.table).where("id", .equal, id.rawValue).where("team_id", .equal, team.rawValue)
            .first(row: AccountRow.self)?.domain()
    }

    public func accounts(_ ids: [AccountID], in team: TeamID) async throws -> [AccountID: Account] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(AccountRow.table).where("id", .in, Set(ids).map(\.rawValue))
            .where(Self.teamScope(AccountRow.table, team, preferOtherIndexes: true, on: db.sql())).all(rows: AccountRow.self)
        return Dictionary(rows.map { row in let account = row.domain(); return (account.id, account) }, uniquingKeysWith: { first, _ in first })
    }

    public func accounts(in team: TeamID, filter: AccountFilter, page: Paging) async throws -> ListPage<Account> {
        let query = db.sql().select().column("*").from(AccountRow.table).where("team_id", .equal, team.rawValue)
        if let name = filter.nameContains { query.where(Self.lowercased("name", contains: name)) }
        if let industry = filter.industry { query.where("industry", .equal, industry) }
        if let segment = filter.segment { query.where("segment", .equal, segment) }
        if let crmID = filter.crmID { query.where("crm_id", .equal, crmID) }
        let rows = try await query.orderBy("name").orderBy("id").page(page).all(rows: AccountRow.self)
        return ListPage(fetched: rows.map { $0.domain() }, request: page)
    }

    public func updateAccount(_ account: Account) async throws {
        try await unique("An account with the CRM id \(account.crmID ?? "") already exists.") {
            try await Self.update(AccountRow(account), team: account.teamID, on: db, notFound: "account")
        }
    }

}

extension SQLStore: DealRepository {
    public func createDeal(_ deal: Deal, opening debrief: Debrief?) async throws {
        try await unique("A deal with the CRM id \(deal.crmID ?? "") already exists.") {
            try await write { tx in
                try await tx.sql().insert(into: DealRow.table).model(DealRow(deal), with: Self.rowEncoder).run()
                if let debrief { try await Self.insert(debrief, on: tx) }
            }
        }
    }

    public func deal(_ id: DealID, in team: TeamID) async throws -> Deal? {
        try await db.sql().select().column("*").from(DealRow.table).where("id", .equal, id.rawValue).where("team_id", .equal, team.rawValue)
            .first(row: DealRow.self)?.domain()
    }

    public func deals(in team: TeamID, filter: DealFilter, page: Paging) async throws -> ListPage<Deal> {
        // An account's deals by its own index; a CRM id by the team's unique (team_id, crm_id) index.
        let narrow = filter.accountID != nil && filter.crmID == nil
        let query = db.sql().select().column("*").from(DealRow.table)
            .where(Self.teamScope(DealRow.table, team, preferOtherIndexes: narrow, on: db.sql()))
        if let account = filter.accountID { query.where("account_id", .equal, account.rawValue) }
        if let status = filter.status { query.where("status", .equal, status.rawValue) }
        if let owner = filter.ownerID { query.where("owner_id", .equal, owner.rawValue) }
        if let crmID = filter.crmID { query.where("crm_id", .equal, crmID) }
        let rows = try await query.orderBy("created_at", .descending).orderBy("id").page(page).all(rows: DealRow.self)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: page)
    }

    public func updateDeal(_ deal: Deal, opening debrief: Debrief?) async throws {
        try await unique("A deal with the CRM id \(deal.crmID ?? "") already exists.") {
            try await write { tx in
                try await Self.update(DealRow(deal), team: deal.teamID, on: tx, notFound: "deal")
                if let debrief { try await Self.insert(debrief, on: tx) }
            }
        }
    }
}

extension SQLStore {
    public func applyCRMEvent(_ event: CRMEventEffect) async throws -> Bool {
        let write: WriteQueue.Work = { tx in
            // The event id first: a concurrent copy of the same event fails here, before writing anything.
            do {
                try await tx.sql().insert(into: WebhookEventRow.table)
                    .model(WebhookEventRow(team: event.team.rawValue, event: event.eventID, at: event.receivedAt), with: Self.rowEncoder).run()
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw DuplicateEvent()
            }
            if let account = event.newAccount { try await tx.sql().insert(into: AccountRow.table).model(AccountRow(account), with: Self.rowEncoder).run() }
            if event.dealIsNew {
                try await tx.sql().insert(into: DealRow.table).model(DealRow(event.deal), with: Self.rowEncoder).run()
            } else {
                try await Self.update(DealRow(event.deal), team: event.team, on: tx, notFound: "deal")
            }
            if let debrief = event.opening { try await Self.insert(debrief, on: tx) }
        }
        do {
            try await unique("A deal or account with that CRM id already exists.") { try await groupCommit(write) }
            return true
        } catch is DuplicateEvent {
            return false
        }
    }

    private struct DuplicateEvent: Error {}
}

extension SQLStore: InteractionRepository {
    public func createInteraction(_ interaction: Interaction, reflection: Reflection) async throws {
        // Plain SQLKit inserts: Fluent's model encoding cost more than the rest of the request.
        let write: WriteQueue.Work = { tx in
            let sql = tx.sql()
            try await sql.insert(into: InteractionRow.table).model(InteractionRow(interaction), with: Self.rowEncoder).run()
            try await sql.insert(into: ReflectionRow.table).model(ReflectionRow(reflection), with: Self.rowEncoder).run()
        }
        // The busiest write: on SQLite, calls arriving together share a commit.
        try await groupCommit(write)
    }

    public func interaction(_ id: InteractionID, in team: TeamID) async throws -> Interaction? {
        try await db.sql().select().column("*").from(InteractionRow.table).where("id", .equal, id.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: InteractionRow.self)?.domain()
    }

    public func interactions(_ ids: [InteractionID], in team: TeamID) async throws -> [InteractionID: Interaction] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql().select().column("*").from(InteractionRow.table).where("id", .in, Set(ids).map(\.rawValue))
            .where(Self.teamScope(InteractionRow.table, team, preferOtherIndexes: true, on: db.sql())).all(rows: InteractionRow.self)
        var found: [InteractionID: Interaction] = [:]
        for row in rows {
            let interaction = try row.domain()
            found[interaction.id] = interaction
        }
        return found
    }

    public func interactions(in team: TeamID, filter: InteractionFilter, page: Paging) async throws -> ListPage<Interaction> {
        let query = db.sql().select().column("*").from(InteractionRow.table)
        let aRepsBadCalls = filter.repID != nil && filter.outcome == .bad  // UpdateInteractionsRepBadIndex
        let narrow = filter.accountID != nil || filter.dealID != nil || filter.followUpOf != nil || aRepsBadCalls
        query.where(Self.teamScope(InteractionRow.table, team, preferOtherIndexes: narrow, on: db.sql()))
        if let account = filter.accountID { query.where("account_id", .equal, account.rawValue) }
        if let deal = filter.dealID { query.where("deal_id", .equal, deal.rawValue) }
        if let rep = filter.repID { query.where("rep_id", .equal, rep.rawValue) }
        if let outcome = filter.outcome { query.where("outcome", .equal, outcome.rawValue) }
        if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
        if let from = filter.from { query.where("occurred_at", .greaterThanOrEqual, from) }
        if let to = filter.to { query.where("occurred_at", .lessThan, to) }
        switch filter.followUpOf {
        case .interaction(let id)?: query.where("follow_up_of_interaction_id", .equal, id.rawValue)
        case .deal(let id)?: query.where("follow_up_of_deal_id", .equal, id.rawValue)
        case nil: break
        }
        if filter.notFollowedUp {
            query.where(SQLQueryString("NOT EXISTS (SELECT 1 FROM interactions f WHERE f.follow_up_of_interaction_id = interactions.id)"))
        }
        let rows = try await query.orderBy("occurred_at", .descending).orderBy("id").page(page).all(rows: InteractionRow.self)
        return ListPage(fetched: try rows.map { try $0.domain() }, request: page)
    }

    public func updateInteraction(_ interaction: Interaction, reflection: Reflection?) async throws {
        try await write { tx in
            try await Self.update(InteractionRow(interaction), team: interaction.teamID, on: tx, notFound: "interaction")
            if let reflection { try await Self.save(reflection, on: tx) }
        }
    }
}
