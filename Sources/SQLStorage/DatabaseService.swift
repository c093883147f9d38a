import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import ServiceLifecycle

/// Where the data lives: an SQLite file (the default, zero set-up) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    /// `schema` puts every table in one PostgreSQL schema; tests use it to get a clean database each.
    case postgres(url: String, schema: String? = nil)

    /// Accepts `postgres://…`, `postgresql://…`, `sqlite://PATH`, `sqlite:PATH` or a plain file path.
    public init(parsing raw: String) throws {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            guard let url = URL(string: value), url.host != nil, url.user != nil else {
                throw DatabaseLocationError(value: raw, reason: "a PostgreSQL URL needs a user and a host, e.g. postgres://rebound:secret@127.0.0.1:5432/rebound")
            }
            self = .postgres(url: value)
        } else if value.hasPrefix("sqlite://") {
            self = try .sqliteFile(String(value.dropFirst("sqlite://".count)), raw: raw)
        } else if value.hasPrefix("sqlite:") {
            self = try .sqliteFile(String(value.dropFirst("sqlite:".count)), raw: raw)
        } else if value.contains("://") {
            throw DatabaseLocationError(value: raw, reason: "use a postgres:// URL or an SQLite file path")
        } else {
            self = try .sqliteFile(value, raw: raw)
        }
    }

    private static func sqliteFile(_ path: String, raw: String) throws -> DatabaseLocation {
        guard !path.isEmpty else { throw DatabaseLocationError(value: raw, reason: "the SQLite file path is empty") }
        return .sqlite(path: path)
    }

    /// Safe to log: a PostgreSQL password is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

public struct DatabaseLocationError: Error, CustomStringConvertible {
    public let value: String
    public let reason: String
    public var description: String { "invalid database \"\(value)\": \(reason)" }
}

/// Owns Fluent's `Databases` and the thread pool SQLite needs, migrates, and shuts both down
/// when the service group stops (there is no hummingbird-fluent to do it).
public final class DatabaseService: Service, Sendable {
    public let location: DatabaseLocation
    public let databases: Databases
    private let threadPool: NIOThreadPool
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    /// Set on SQLite only: PostgreSQL runs writes side by side on its pool.
    let writeQueue: WriteQueue?
    /// Set on SQLite only: one write transaction at a time in this process (see `WriterLock`).
    let writerLock: WriterLock?

    /// `poolSize` is PostgreSQL connections per event loop; SQLite always uses one per loop.
    public init(
        location: DatabaseLocation, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger, poolSize: Int = 8
    ) throws {
        self.location = location
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: eventLoopGroup)
        switch location {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            let writerLock = WriterLock()
            self.writerLock = writerLock
            writeQueue = WriteQueue(writerLock: writerLock, database: { [databases, logger, eventLoopGroup] in
                databases.database(logger: logger, on: eventLoopGroup.any())!
            })
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let schema { configuration.searchPath = [schema] }
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: poolSize, sqlLogLevel: .trace), as: .psql)
            writeQueue = nil
            writerLock = nil
        }
    }

    /// A database handle on any event loop, so requests spread over the connection pools.
    public func database() -> any Database {
        guard let database = databases.database(logger: logger, on: eventLoopGroup.any()) else {
            fatalError("the database was used after shutdown")
        }
        return database
    }

    public func repositories() -> SQLStore { SQLStore(service: self) }

    /// The tables in this database (in its schema, on PostgreSQL).
    public func tableNames() async throws -> [String] {
        let sql = database().sql()
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        } else {
            rows = try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all()
        }
        return try rows.map { try $0.decode(column: "name", as: String.self) }.sorted()
    }

    /// Brings the schema up to date. Safe to run on every start and from several servers at once
    /// only if they start one after another; run `rebound migrate` first when scaling out.
    public func migrate() async throws {
        let database = database()
        switch location {
        case .sqlite:
            // WAL lets readers work while a write commits; the default synchronous=FULL
            // means an acknowledged write survives a crash.
            _ = try await database.sql().raw("PRAGMA journal_mode=WAL").all()
            // Per connection (one per event loop): a 64 MiB page cache and memory-mapped reads. With the
            // defaults (2 MiB, read()) a million-interaction database spent its time copying pages.
            for loop in eventLoopGroup.makeIterator() {
                guard let connection = databases.database(logger: logger, on: loop) else { continue }
                _ = try await connection.sql().raw("PRAGMA cache_size = -65536").all()
                _ = try await connection.sql().raw("PRAGMA mmap_size = 1073741824").all()
            }
        case .postgres(_, let schema?):
            try await database.sql().raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        case .postgres:
            break
        }
        let migrations = Migrations()
        migrations.add(allMigrations)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
        try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }
}
