import Domain
import FluentKit
import Foundation

final class InteractionModel: Model, @unchecked Sendable {
    static let schema = "interactions"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "account_id") var accountID: UUID
    @OptionalField(key: "deal_id") var dealID: UUID?
    @Field(key: "rep_id") var repID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "participants") var participants: [String]
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "summary") var summary: String?
    @OptionalField(key: "follow_up_of_interaction_id") var followUpOfInteractionID: UUID?
    @OptionalField(key: "follow_up_of_deal_id") var followUpOfDealID: UUID?
    @OptionalField(key: "recovery") var recovery: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ interaction: Interaction) {
        id = interaction.id.rawValue
        teamID = interaction.teamID.rawValue
        createdAt = interaction.createdAt
        apply(interaction)
    }

    func apply(_ i: Interaction) {
        accountID = i.accountID.rawValue
        dealID = i.dealID?.rawValue
        repID = i.repID.rawValue
        kind = i.kind.rawValue
        occurredAt = i.occurredAt
        participants = i.participants
        outcome = i.outcome.rawValue
        summary = i.summary
        switch i.followUpOf {
        case .interaction(let id)?: followUpOfInteractionID = id.rawValue; followUpOfDealID = nil
        case .deal(let id)?: followUpOfDealID = id.rawValue; followUpOfInteractionID = nil
        case nil: followUpOfInteractionID = nil; followUpOfDealID = nil
        }
        recovery = i.recovery?.rawValue
        updatedAt = i.updatedAt
    }

    func domain() throws -> Interaction {
        Interaction(
            id: InteractionID(id!), teamID: TeamID(teamID), accountID: AccountID(accountID), dealID: dealID.map { DealID($0) },
            repID: MemberID(repID), kind: try decode(InteractionKind.self, kind), occurredAt: occurredAt,
            participants: participants, outcome: try decode(Outcome.self, outcome), summary: summary,
            followUpOf: followUpOfInteractionID.map { .interaction(InteractionID($0)) } ?? followUpOfDealID.map { .deal(DealID($0)) },
            recovery: try recovery.map { try decode(RecoveryStatus.self, $0) }, createdAt: createdAt, updatedAt: updatedAt)
    }
}
