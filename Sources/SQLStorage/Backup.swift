import FluentKit
import Foundation
import SQLKit

extension DatabaseService {
    /// A consistent copy of the SQLite database, safe while the server is running: SQLite's
    /// `VACUUM INTO` reads one snapshot and writes a compact new file. PostgreSQL has pg_dump.
    public func backup(to path: String) async throws {
        guard case .sqlite = location else {
            throw StorageError.notConfigured("backup copies an SQLite database; for PostgreSQL use pg_dump")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StorageError.notConfigured("\(path) already exists; choose a new file so no backup is overwritten")
        }
        try await database().sql().raw("VACUUM INTO \(bind: path)").run()
    }
}
