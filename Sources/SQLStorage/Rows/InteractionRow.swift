import Domain
import Foundation

struct InteractionRow: TableRow {
    static let table = "interactions"

    var id: UUID
    var teamID: UUID
    var accountID: UUID
    var dealID: UUID?
    var repID: UUID
    var kind: String
    var occurredAt: Date
    var participants: [String]
    var outcome: String
    var summary: String?
    var followUpOfInteractionID: UUID?
    var followUpOfDealID: UUID?
    var recovery: String?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, participants, outcome, summary, recovery
        case teamID = "team_id", accountID = "account_id", dealID = "deal_id", repID = "rep_id", occurredAt = "occurred_at"
        case followUpOfInteractionID = "follow_up_of_interaction_id", followUpOfDealID = "follow_up_of_deal_id"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ i: Interaction) {
        id = i.id.rawValue
        teamID = i.teamID.rawValue
        accountID = i.accountID.rawValue
        dealID = i.dealID?.rawValue
        repID = i.repID.rawValue
        kind = i.kind.rawValue
        occurredAt = i.occurredAt
        participants = i.participants
        outcome = i.outcome.rawValue
        summary = i.summary
        if case .interaction(let failed)? = i.followUpOf { followUpOfInteractionID = failed.rawValue }
        if case .deal(let failed)? = i.followUpOf { followUpOfDealID = failed.rawValue }
        recovery = i.recovery?.rawValue
        createdAt = i.createdAt
        updatedAt = i.updatedAt
    }

    func domain() throws -> Interaction {
        Interaction(
            id: InteractionID(id), teamID: TeamID(teamID), accountID: AccountID(accountID), dealID: dealID.map { DealID($0) },
            repID: MemberID(repID), kind: try decode(InteractionKind.self, kind), occurredAt: occurredAt,
            participants: participants, outcome: try decode(Outcome.self, outcome), summary: summary,
            followUpOf: followUpOfInteractionID.map { .interaction(InteractionID($0)) } ?? followUpOfDealID.map { .deal(DealID($0)) },
            recovery: try recovery.map { try decode(RecoveryStatus.self, $0) }, createdAt: createdAt, updatedAt: updatedAt)
    }
}
