import FluentKit
import SQLKit

/// What the email planner reads every round, for every team: questions answered lately, debriefs
/// scheduled soon. Without these, each round walked every answered question of a team.
struct CreateNudgeIndexes: AsyncMigration {
    var name: String { "CreateNudgeIndexes" }

    static let indexes = [
        ("questions_team_closed_idx", "questions", ["team_id", "closed_at"]),
        ("debriefs_team_scheduled_idx", "debriefs", ["team_id", "scheduled_for"]),
        ("email_messages_invitations_idx", "email_messages", ["team_id", "kind", "subject_at"]),
    ]

    func prepare(on database: any Database) async throws {
        for (name, table, columns) in Self.indexes {
            let index = database.sql().create(index: name).on(table)
            for column in columns { index.column(column) }
            try await index.run()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _, _) in Self.indexes { try await database.sql().drop(index: name).run() }
    }
}
