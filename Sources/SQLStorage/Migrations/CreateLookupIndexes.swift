import FluentKit
import SQLKit

/// Lookups that scanned a whole table at a million interactions: a deal's interactions (every lost
/// deal's debrief looks for them), an account's debriefs and a debrief's lessons (every brief), a debrief's questions.
struct CreateLookupIndexes: AsyncMigration {
    var name: String { "CreateLookupIndexes" }

    static let indexes = [
        ("interactions_deal_idx", "interactions", "deal_id"),
        ("debriefs_account_idx", "debriefs", "account_id"),
        ("lessons_debrief_idx", "lessons", "debrief_id"),
        ("questions_debrief_idx", "questions", "debrief_id"),
    ]

    func prepare(on database: any Database) async throws {
        for (name, table, column) in Self.indexes { try await database.sql().create(index: name).on(table).column(column).run() }
    }

    func revert(on database: any Database) async throws {
        for (name, _, _) in Self.indexes { try await database.sql().drop(index: name).run() }
    }
}
