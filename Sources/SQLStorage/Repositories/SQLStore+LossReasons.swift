import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: LossReasonRepository {
    public func lossReasons(of team: TeamID) async throws -> [LossReason] {
        let rows = try await LossReasonModel.query(on: db).filter(\.$teamID == team.rawValue).sort(\.$position).all()
        return rows.isEmpty ? LossReason.defaults : rows.map(\.domain)
    }

    public func setLossReasons(_ reasons: [LossReason], of team: TeamID) async throws {
        try await write { tx in
            try await LossReasonModel.query(on: tx).filter(\.$teamID == team.rawValue).delete()
            for (position, reason) in reasons.enumerated() {
                try await LossReasonModel(team: team, reason: reason, position: position).create(on: tx)
            }
            // A mapping to a reason that is gone goes back to a suggestion an admin must confirm.
            let keys = reasons.map(\.key)
            try await LossReasonMappingModel.query(on: tx).filter(\.$teamID == team.rawValue).filter(\.$reasonKey !~ keys)
                .set(\.$reasonKey, to: LossReason.unknown.key).set(\.$confirmed, to: false).update()
        }
    }

    public func lossReasonMappings(of team: TeamID) async throws -> [LossReasonMapping] {
        try await LossReasonMappingModel.query(on: db).filter(\.$teamID == team.rawValue).sort(\.$crmReason).all().map(\.domain)
    }

    public func setLossReasonMapping(_ mapping: LossReasonMapping, of team: TeamID) async throws {
        try await write { tx in
            if let existing = try await LossReasonMappingModel.query(on: tx).filter(\.$teamID == team.rawValue)
                .filter(\.$crmReason == mapping.crmReason).first()
            {
                existing.reasonKey = mapping.reasonKey
                existing.confirmed = mapping.confirmed
                existing.updatedAt = mapping.updatedAt
                try await existing.update(on: tx)
            } else {
                try await LossReasonMappingModel(team: team, mapping: mapping).create(on: tx)
            }
        }
    }

    public func noteCRMLossReasons(_ mappings: [LossReasonMapping], of team: TeamID) async throws {
        guard !mappings.isEmpty else { return }
        try await write { tx in
            let known = Set(try await LossReasonMappingModel.query(on: tx).filter(\.$teamID == team.rawValue)
                .filter(\.$crmReason ~~ mappings.map(\.crmReason)).all().map(\.crmReason))
            var seen = known
            for mapping in mappings where seen.insert(mapping.crmReason).inserted {
                try await LossReasonMappingModel(team: team, mapping: mapping).create(on: tx)
            }
        }
    }

    public func lossReasonPairs(in team: TeamID, from: Date, to: Date) async throws -> [(crm: String, concluded: String?)] {
        let rows = try await db.sql().raw("""
            SELECT d.lost_reason AS crm, b.concluded_loss_reason AS concluded
            FROM deals d LEFT JOIN debriefs b ON b.deal_id = d.id AND b.team_id = d.team_id
            WHERE d.team_id = \(bind: team.rawValue) AND d.failed_at >= \(bind: from) AND d.failed_at < \(bind: to)
            """).all()
        return try rows.map { row in
            (try row.decode(column: "crm", as: String?.self) ?? "", try row.decode(column: "concluded", as: String?.self))
        }
    }
}
