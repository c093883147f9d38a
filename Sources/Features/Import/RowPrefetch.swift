import CSV
import Foundation

/// Reads a CSV file's rows on a thread of its own, a few chunks ahead of whoever validates them.
/// Parsing the CSV is a third of an import pass; with it on another core the pass takes about as long
/// as validating alone. At most `depth` chunks wait, so memory stays flat however long the file is.
final class RowPrefetch: @unchecked Sendable {
    // `@unchecked Sendable`: the reader is used by the thread alone once it has started, and every
    // shared field below is read and written under `condition`.
    private let condition = NSCondition()
    private var chunks: [[[String]]] = []
    private var finished = false
    private var stopped = false
    private var failure: (any Error)?
    static let chunkSize = 256
    static let depth = 8

    /// Hands the reader over to a thread that owns it until the end of the file or `stop()`.
    init(reader: CSVReader) {
        let owned = Owned(reader: reader)
        let thread = Thread { [self] in self.run(owned.reader) }
        thread.name = "import-csv"
        thread.start()
    }

    private struct Owned: @unchecked Sendable {
        let reader: CSVReader
    }

    private func run(_ reader: CSVReader) {
        var chunk: [[String]] = []
        chunk.reserveCapacity(Self.chunkSize)
        while true {
            let row = reader.next()
            if let row { chunk.append(row) }
            guard row == nil || chunk.count == Self.chunkSize else { continue }
            condition.lock()
            while chunks.count >= Self.depth && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            if !chunk.isEmpty { chunks.append(chunk) }
            if row == nil {
                finished = true
                failure = reader.error
            }
            condition.broadcast()
            condition.unlock()
            if row == nil { return }
            chunk = []
            chunk.reserveCapacity(Self.chunkSize)
        }
    }

    /// The next rows in file order; nil at the end of the file, after which `error` says what the reader reported.
    func next() -> [[String]]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }

    /// What the reader reported when it stopped (CSV.swift reports a normal end as `cannotReadFile`).
    var error: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Lets the thread end early when nobody will read the rest.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
