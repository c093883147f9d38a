import Domain
import FluentKit
import FluentSQL
import Foundation
import SQLKit

public struct ArchiveError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TeamArchive {
    /// Writes the team to a new file at `path` from one consistent snapshot of the database.
    public static func export(team: TeamID, from service: DatabaseService, to path: String) async throws -> Counts {
        guard !FileManager.default.fileExists(atPath: path) else { throw ArchiveError("\(path) already exists; choose a new file name") }
        let partial = path + ".partial"
        // An export holds private reflections and password hashes: readable by its owner only.
        FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: partial) else { throw ArchiveError("cannot write \(path)") }
        let writer = LineWriter(handle: handle)
        do {
            let counts = try await service.database().transaction { tx -> Counts in
                if tx.sql().dialect.name == "postgresql" {
                    // One snapshot for every table, as SQLite's read transaction gives.
                    try await tx.sql().raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
                }
                guard let row = try await tx.sql().select().column("*").from(TeamRow.table).where("id", .equal, team.rawValue)
                    .first(row: TeamRow.self)
                else { throw DomainError.notFound("team") }
                let header = Header(
                    format: format, version: version, team: team.rawValue, teamName: row.name,
                    migrations: try await migrationNames(on: tx), exportedAt: Date())
                try writer.write(Data(#"{"header":"#.utf8) + (try encoder.encode(header)) + Data(",\n\"tables\":{\n".utf8))
                var counts: Counts = []
                for (index, table) in tables.enumerated() {
                    try writer.write(Data("\"\(table.name)\":[\n".utf8))
                    var first = true
                    let rows = try await table.export(tx, team.rawValue) { row in
                        try writer.write((first ? Data() : Data(",\n".utf8)) + row)
                        first = false
                    }
                    let close = (first ? "" : "\n") + (index == tables.count - 1 ? "]\n" : "],\n")
                    try writer.write(Data(close.utf8))
                    counts.append((table.name, rows))
                }
                try writer.write(Data("}}\n".utf8))
                return counts
            }
            try writer.flush()
            try handle.synchronize()
            try handle.close()
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return counts
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Reads an export into the database, all or nothing. The team, its name and its members' emails
    /// must not exist on this server yet.
    public static func restore(from path: String, into service: DatabaseService) async throws -> (header: Header, counts: Counts) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ArchiveError("cannot read \(path)") }
        defer { try? handle.close() }
        let lines = LineReader(handle: handle)
        guard let first = try lines.next(), first.starts(with: Data(#"{"header":"#.utf8)), first.last == UInt8(ascii: ",") else {
            throw ArchiveError("\(path) is not a Rebound export (it must start with {\"header\":…)")
        }
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: first.dropFirst(10).dropLast())
        } catch {
            throw ArchiveError("\(path): the header cannot be read: \(error)")
        }
        guard header.format == format else { throw ArchiveError("\(path) is not a Rebound export (format \"\(header.format)\")") }
        guard header.version <= version else { throw ArchiveError("\(path) was written by a newer Rebound (export version \(header.version)); upgrade first") }
        guard try lines.next() == Data(#""tables":{"#.utf8) else { throw ArchiveError("line 2: expected \"tables\":{") }

        let db = service.database()
        let known = try await migrationNames(on: db)
        guard header.migrations.count <= known.count, Array(known.prefix(header.migrations.count)) == header.migrations else {
            throw ArchiveError("\(path) was written by a newer Rebound (its schema has changes this one does not know); upgrade first")
        }
        let teams = db.sql()
        if try await SQLStore.count(TeamRow.self, on: db, where: { $0.where("id", .equal, header.team) }) > 0 {
            throw DomainError.conflict("This server already has the team \(header.teamName); nothing was restored.")
        }
        if try await teams.select().column("id").from(TeamRow.table).where("name", .equal, header.teamName).first() != nil {
            throw DomainError.conflict("This server already has a team named \(header.teamName); nothing was restored.")
        }
        do {
            let counts = try await service.writeTransaction { tx -> Counts in
                var counts: Counts = []
                var links: [(UUID, UUID)] = []
                var remaining = tables[...]
                var ended = false
                while let line = try lines.next() {
                    if line == Data("}}".utf8) {
                        ended = true
                        break
                    }
                    let opening = String(decoding: line, as: UTF8.self)
                    guard let table = remaining.first, opening == "\"\(table.name)\":[" else {
                        throw ArchiveError("line \(lines.number): expected \(remaining.first.map { "\"\($0.name)\":[" } ?? "}}"), found \(opening.prefix(80))")
                    }
                    remaining = remaining.dropFirst()
                    var batch: [Data] = []
                    var rows = 0
                    while true {
                        guard let row = try lines.next() else { throw ArchiveError("the file ends inside \(table.name)") }
                        if row == Data("]".utf8) || row == Data("],".utf8) { break }
                        batch.append(row.last == UInt8(ascii: ",") ? row.dropLast() : row)
                        if batch.count == 500 {
                            links += try await restoreBatch(table, batch, on: tx, line: lines.number)
                            rows += batch.count
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    links += try await restoreBatch(table, batch, on: tx, line: lines.number)
                    rows += batch.count
                    counts.append((table.name, rows))
                }
                // A file cut off between two tables is as incomplete as one cut inside a table.
                guard ended else { throw ArchiveError("the file ends before its closing }}: it was cut off; nothing was restored") }
                try await ArchiveTable.linkFollowUps(links, on: tx)
                // Every row must belong to the team the header names. The team is new here, so the rows
                // in its scope are exactly those just written; a row left outside it names another
                // team (a team id, or a parent such as a member of another team) and would give this
                // export a foothold there.
                for (table, rows) in zip(tables, counts) {
                    let owned = try await table.count(tx, header.team)
                    guard owned == rows.rows else {
                        throw ArchiveError("\(table.name): \(rows.rows - owned) of \(rows.rows) rows do not belong to the team \(header.teamName); nothing was restored")
                    }
                }
                return counts
            }
            return (header, counts)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("The export clashes with data on this server (most likely a member's email is already in use here); nothing was restored.")
        }
    }

    private static func restoreBatch(_ table: ArchiveTable, _ batch: [Data], on db: any Database, line: Int) async throws -> [(UUID, UUID)] {
        guard !batch.isEmpty else { return [] }
        do {
            return try await table.restore(db, batch)
        } catch let error as DecodingError {
            throw ArchiveError("\(table.name), rows ending at line \(line): \(error)")
        }
    }
}

/// Buffers writes into 1 MiB chunks.
final class LineWriter: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(handle: FileHandle) { self.handle = handle }

    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a file line by line (without the newline) in 1 MiB chunks.
final class LineReader: @unchecked Sendable {
    let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    private(set) var number = 0

    init(handle: FileHandle) { self.handle = handle }

    func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[buffer.startIndex..<newline]
                buffer = buffer[(newline + 1)...]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                number += 1
                return Data(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                number += 1
                return Data(buffer)
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer = Data(buffer) + chunk }
        }
    }
}
