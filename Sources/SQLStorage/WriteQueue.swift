import FluentKit
import Foundation
import SQLKit

/// Group commit for SQLite: writes that arrive together share one transaction (each in its own
/// savepoint, so one bad write fails alone) and so one WAL sync. A caller resumes only after the
/// commit, so every acknowledged write is durable. SQLite has one writer at a time anyway; queueing
/// here replaces two connections spinning on its write lock.
final class WriteQueue: @unchecked Sendable {
    typealias Work = @Sendable (any Database) async throws -> Void

    private struct Job {
        let work: Work
        let done: CheckedContinuation<Void, any Error>
    }

    private let database: @Sendable () -> any Database
    private let writerLock: WriterLock
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false
    static let maximumBatch = 256

    init(writerLock: WriterLock, database: @escaping @Sendable () -> any Database) {
        self.writerLock = writerLock
        self.database = database
    }

    func perform(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let start = lock.withLock {
                pending.append(Job(work: work, done: done))
                if draining { return false }
                draining = true
                return true
            }
            if start { Task { await drain() } }
        }
    }

    private func drain() async {
        while let batch = next() { await commit(batch) }
    }

    private func next() -> [Job]? {
        lock.withLock {
            guard !pending.isEmpty else {
                draining = false
                return nil
            }
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            return batch
        }
    }

    private func commit(_ batch: [Job]) async {
        let works = batch.map(\.work)
        let results: [Result<Void, any Error>]
        do {
            results = try await writerLock.transaction(on: database()) { tx in
                // Alone in its transaction, a write needs no savepoint: if it fails, the rollback undoes
                // exactly it. Two statements fewer for a single user logging a call.
                if works.count == 1 {
                    try await works[0](tx)
                    return [.success(())]
                }
                var results: [Result<Void, any Error>] = []
                for (index, work) in works.enumerated() {
                    let savepoint = SQLQueryString("SAVEPOINT w\(unsafeRaw: String(index))")
                    try await tx.sql().raw(savepoint).run()
                    do {
                        try await work(tx)
                        try await tx.sql().raw("RELEASE w\(unsafeRaw: String(index))").run()
                        results.append(.success(()))
                    } catch {
                        try await tx.sql().raw("ROLLBACK TO w\(unsafeRaw: String(index))").run()
                        try await tx.sql().raw("RELEASE w\(unsafeRaw: String(index))").run()
                        results.append(.failure(error))
                    }
                }
                return results
            }
        } catch {
            // The commit itself failed: nothing in the batch was written.
            results = Array(repeating: .failure(error), count: batch.count)
        }
        for (job, result) in zip(batch, results) { job.done.resume(with: result) }
    }
}
