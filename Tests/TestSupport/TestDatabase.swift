import App
import Foundation
import Logging
import SQLStorage
import Testing

/// The databases every storage test runs on: SQLite always, PostgreSQL when `REBOUND_TEST_POSTGRES_URL`
/// is set. Without it the PostgreSQL cases do not run, and `PostgreSQLTests` reports them as skipped.
public enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public var testDescription: String { rawValue }

    /// The argument list of every database test.
    public static var enabled: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["REBOUND_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A location no other test uses: a new SQLite file, or a new PostgreSQL schema.
    public func freshLocation() throws -> DatabaseLocation {
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-tests", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return .sqlite(path: directory.appendingPathComponent("\(unique).sqlite").path)
        case .postgres:
            guard let url = Self.postgresURL else {
                throw StorageError.notConfigured("REBOUND_TEST_POSTGRES_URL is not set")
            }
            return .postgres(url: url, schema: "t_\(unique)")
        }
    }

    /// Runs `body` with a migrated, empty database and shuts it down afterwards.
    public func withDatabase<T: Sendable>(_ body: (DatabaseService) async throws -> T) async throws -> T {
        let location = try freshLocation()
        defer { Self.remove(location) }
        return try await App.withDatabase(location, logLevel: .error, body)
    }

    public static func remove(_ location: DatabaseLocation) {
        guard case .sqlite(let path) = location else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A clock the test moves by hand, so due times and overdue flags are exact.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public var now: Date { lock.withLock { current } }

    public func advance(minutes: Double = 0, hours: Double = 0) {
        lock.withLock { current = current.addingTimeInterval(minutes * 60 + hours * 3600) }
    }

    public var function: @Sendable () -> Date { { [self] in self.now } }
}
