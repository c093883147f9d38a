import Domain
import FluentKit
import Foundation
import SQLKit

/// What the two outboxes (webhook deliveries and email) share: claiming a queued row for one attempt, and
/// writing back what the attempt changed.
extension SQLStore {
    /// Pushes the row's next attempt to `leaseUntil`, by id and attempt count, unless another server took
    /// it first (it is no longer pending, its attempts changed, or it is leased past `now`). The time is
    /// compared with `now`, never with the value read back, which SQLite may have stored rounded (such
    /// rows were never claimed). True when this caller has it.
    func claimQueued(in table: String, id: UUID, attempts: Int, at now: Date, leaseUntil: Date) async throws -> Bool {
        try await write { tx in
            let rows = try await tx.sql().update(table)
                .set("next_attempt_at", to: SQLBind(leaseUntil))
                .where("id", .equal, SQLBind(id))
                .where("status", .equal, SQLBind("pending"))
                .where("attempts", .equal, SQLBind(attempts))
                .where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
                .returning("id")
                .all()
            return !rows.isEmpty
        }
    }

    /// Writes the row's `attemptColumns` (what was queued stays), and whatever `more` adds.
    func saveAttempt<Row: TableRow>(
        _ row: Row, columns attemptColumns: [String], what: String, more: @escaping @Sendable (SQLUpdateBuilder) -> Void = { _ in }
    ) async throws {
        let columns = try Self.rowEncoder.encode(row)
        let attempt = Set(attemptColumns)
        let id = row.id
        try await write { tx in
            let query = tx.sql().update(Row.table)
            for (column, value) in columns where attempt.contains(column) { query.set(SQLColumn(column), to: value) }
            more(query)
            let found = try await query.where("id", .equal, id).returning("id").all()
            guard !found.isEmpty else { throw DomainError.notFound(what) }
        }
    }
}
