import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: LossReasonRepository {
    public func lossReasons(of team: TeamID) async throws -> [LossReason] {
        let rows = try await db.sql().select().column("*").from(LossReasonRow.table).where("team_id", .equal, team.rawValue)
            .orderBy("position").all(rows: LossReasonRow.self)
        return rows.isEmpty ? LossReason.defaults : rows.map { $0.domain() }
    }

    public func setLossReasons(_ reasons: [LossReason], of team: TeamID) async throws {
        try await write { tx in
            let sql = tx.sql()
            try await sql.delete(from: LossReasonRow.table).where("team_id", .equal, team.rawValue).run()
            try await Self.insert(reasons.enumerated().map { LossReasonRow(team: team, reason: $1, position: $0) }, on: sql)
            // A mapping to a reason that is gone goes back to a suggestion an admin must confirm.
            let keys = reasons.map(\.key)
            let orphans = sql.update(LossReasonMappingRow.table).set("reason_key", to: LossReason.unknown.key).set("confirmed", to: false)
                .where("team_id", .equal, team.rawValue)
            if !keys.isEmpty { orphans.where("reason_key", .notIn, keys) }
            try await orphans.run()
        }
    }

    public func lossReasonMappings(of team: TeamID) async throws -> [LossReasonMapping] {
        try await db.sql().select().column("*").from(LossReasonMappingRow.table).where("team_id", .equal, team.rawValue)
            .orderBy("crm_reason").all(rows: LossReasonMappingRow.self).map { $0.domain() }
    }

    public func setLossReasonMapping(_ mapping: LossReasonMapping, of team: TeamID) async throws {
        try await write { tx in
            var row = LossReasonMappingRow(team: team, mapping: mapping)
            if let existing = try await tx.sql().select().column("*").from(LossReasonMappingRow.table).where("team_id", .equal, team.rawValue)
                .where("crm_reason", .equal, mapping.crmReason).first(row: LossReasonMappingRow.self)
            {
                row.id = existing.id
                try await Self.update(row, team: team, on: tx, notFound: "loss reason mapping")
            } else {
                try await tx.sql().insert(into: LossReasonMappingRow.table).model(row, with: Self.rowEncoder).run()
            }
        }
    }

    public func noteCRMLossReasons(_ mappings: [LossReasonMapping], of team: TeamID) async throws {
        guard !mappings.isEmpty else { return }
        try await write { tx in
            let sql = tx.sql()
            let known = Set(try await sql.select().column("*").from(LossReasonMappingRow.table).where("team_id", .equal, team.rawValue)
                .where("crm_reason", .in, mappings.map(\.crmReason)).all(rows: LossReasonMappingRow.self).map(\.crmReason))
            var seen = known
            let new = mappings.filter { seen.insert($0.crmReason).inserted }
            try await Self.insert(new.map { LossReasonMappingRow(team: team, mapping: $0) }, on: sql)
        }
    }
}
