import FluentKit
import Foundation
import SQLKit
import Storage

/// SQLite allows one writer at a time. A transaction that reads and then writes (`BEGIN`, deferred)
/// cannot wait for the lock: when another connection committed in between, SQLite answers "database
/// is locked" at once, and that reached clients as 500s. So every write transaction on SQLite begins
/// `IMMEDIATE` (it takes the write lock before its first read, and waits for it), and the writers of
/// this process take turns through this lock first, so they queue here instead of spinning on
/// SQLite's lock. Another process on the same file (a CLI command, a second dispatcher) still waits
/// in SQLite's busy handler. PostgreSQL needs none of this: its transactions run side by side.
final class WriterLock: @unchecked Sendable {
    private let lock = NSLock()
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = lock.withLock {
                if held {
                    waiting.append(continuation)
                    return false
                }
                held = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                held = false
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }

    /// Runs `body` in a write transaction: `BEGIN IMMEDIATE` on SQLite, while holding this lock.
    /// `body` must not start a transaction of its own.
    func transaction<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await database.withConnection { connection in try await Self.immediate(on: connection, body) }
    }

    private static func immediate<T: Sendable>(on connection: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let sql = connection.sql()
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(connection)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// `transaction` for a large new data set (`rebound generate`) on SQLite, traded for speed where
    /// only the data set itself is at stake (see `BulkLoad`).
    func loading<T: Sendable>(
        on database: any Database, tables: [String], _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        await acquire()
        defer { release() }
        return try await database.withConnection { connection in
            let load = try await BulkLoad(connection: connection.sql())
            try await load.begin()
            let result: Result<T, any Error>
            do {
                result = .success(try await Self.immediate(on: connection) { tx in
                    let indexes = try await load.dropIndexes(of: tables, on: tx.sql())
                    let start = try await load.pauseInsightCounts(on: tx.sql())
                    let result = try await body(tx)
                    try await load.resumeInsightCounts(after: start, on: tx.sql())
                    try await load.create(indexes, on: tx.sql())
                    return result
                })
            } catch {
                result = .failure(error)
            }
            var committed = false
            if case .success = result { committed = true }
            try await load.end(committed: committed)
            return try result.get()
        }
    }
}

extension DatabaseService {
    /// A transaction that writes: serialised and `IMMEDIATE` on SQLite, a plain transaction on PostgreSQL.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let writerLock {
            return try await writerLock.transaction(on: database(), body)
        }
        return try await database().transaction(body)
    }
}

extension SQLStore {
    /// Every repository write that spans more than one statement goes through here. Inside
    /// `atomically` it joins the transaction already open.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let boundDatabase { return try await body(boundDatabase) }
        return try await service.writeTransaction(body)
    }

    /// A write that may share a commit with others arriving at the same moment: through the group-commit
    /// queue on SQLite, as an ordinary write transaction otherwise (and inside `atomically`).
    func groupCommit(_ work: @escaping WriteQueue.Work) async throws {
        if let queue = writeQueue {
            try await queue.perform(work)
        } else {
            try await write { try await work($0) }
        }
    }

    /// Runs `body` with repositories that all work inside one write transaction: everything it
    /// writes is committed together, or nothing is.
    public func atomically<T: Sendable>(_ body: @escaping @Sendable (Repositories) async throws -> T) async throws -> T {
        if boundDatabase != nil { return try await body(all) }
        let service = self.service
        return try await service.writeTransaction { tx in try await body(SQLStore(service: service, bound: tx).all) }
    }
}
