import Domain
import Foundation
import Storage

/// One searchable text, kept in step with the text itself by `SearchIndex` in the same transaction.
/// The full-text index is not a column here: FTS5 tables fed by triggers on SQLite, a generated
/// tsvector on PostgreSQL. No Domain type: search reads hits, never rows.
struct SearchDocumentRow: TableRow {
    static let table = "search_documents"

    var id: UUID
    var teamID: UUID
    var kind: String
    var refID: UUID
    /// Set for private text: only this member finds it.
    var privateTo: UUID?
    var title: String
    var body: String
    var accountID: UUID?
    var debriefID: UUID?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case teamID = "team_id", kind, refID = "ref_id", privateTo = "private_to", title, body, accountID = "account_id"
        case debriefID = "debrief_id", updatedAt = "updated_at"
    }

    init(
        team: TeamID, kind: SearchKind, ref: UUID, privateTo: MemberID?, title: String, body: String, account: AccountID?,
        debrief: DebriefID?, at: Date
    ) {
        id = .random()
        teamID = team.rawValue
        self.kind = kind.rawValue
        refID = ref
        self.privateTo = privateTo?.rawValue
        self.title = title
        self.body = body
        accountID = account?.rawValue
        debriefID = debrief?.rawValue
        updatedAt = at
    }
}
