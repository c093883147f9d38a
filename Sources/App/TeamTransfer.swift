import Domain
import Foundation
import SQLStorage

/// `rebound export` and `rebound restore`, as functions the tests call directly.
public enum TeamTransfer {
    /// Exports the named team, or the only team when `teamName` is nil. Returns a report line per table.
    public static func export(teamName: String?, from location: DatabaseLocation, to path: String) async throws -> TeamArchive.Counts {
        try await withDatabase(location) { database in
            let teams = try await database.repositories().all.teams.allTeams()
            let team: Team
            if let teamName {
                guard let named = teams.first(where: { $0.name == teamName }) else {
                    throw ArchiveError("no team named \"\(teamName)\"; teams here: \(teams.map(\.name).joined(separator: ", "))")
                }
                team = named
            } else {
                guard teams.count == 1, let only = teams.first else {
                    throw ArchiveError(teams.isEmpty ? "this database has no team yet" : "several teams here; choose one with --team (\(teams.map(\.name).joined(separator: ", ")))")
                }
                team = only
            }
            return try await TeamArchive.export(team: team.id, from: database, to: path)
        }
    }

    public static func restore(from path: String, into location: DatabaseLocation) async throws -> (header: TeamArchive.Header, counts: TeamArchive.Counts) {
        try await withDatabase(location) { database in try await TeamArchive.restore(from: path, into: database) }
    }

    public static func report(_ counts: TeamArchive.Counts) -> String {
        counts.filter { $0.rows > 0 }.map { "  \($0.table): \($0.rows)" }.joined(separator: "\n")
    }
}
