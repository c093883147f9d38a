import Domain
import FluentKit
import Foundation
import SQLKit
import Storage

extension SQLStore: FollowUpMeetingRepository {
    public func setMeeting(_ meeting: FollowUpMeeting) async throws {
        try await write { tx in
            let sql = tx.sql()
            try await sql.delete(from: FollowUpMeetingRow.table).where("account_id", .equal, meeting.accountID.rawValue)
                .where("team_id", .equal, meeting.teamID.rawValue).run()
            try await sql.insert(into: FollowUpMeetingRow.table).model(FollowUpMeetingRow(meeting), with: Self.rowEncoder).run()
        }
    }

    public func removeMeeting(of account: AccountID, in team: TeamID) async throws -> Bool {
        try await write { tx in
            let rows = try await tx.sql().delete(from: FollowUpMeetingRow.table).where("account_id", .equal, account.rawValue)
                .where("team_id", .equal, team.rawValue).returning("id").all()
            return !rows.isEmpty
        }
    }

    public func meeting(of account: AccountID, in team: TeamID) async throws -> FollowUpMeeting? {
        try await db.sql().select().column("*").from(FollowUpMeetingRow.table).where("account_id", .equal, account.rawValue)
            .where("team_id", .equal, team.rawValue).first(row: FollowUpMeetingRow.self)?.domain()
    }

    public func meetings(in team: TeamID, startingAfter after: Date, through: Date) async throws -> [FollowUpMeeting] {
        try await db.sql().select().column("*").from(FollowUpMeetingRow.table).where("team_id", .equal, team.rawValue)
            .where("starts_at", .greaterThan, after).where("starts_at", .lessThanOrEqual, through).orderBy("starts_at").limit(5_000)
            .all(rows: FollowUpMeetingRow.self).map { $0.domain() }
    }
}
