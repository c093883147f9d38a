import Domain
import Foundation
import FluentKit
import SQLKit
import Storage

/// One row of one table, as stored: the coding keys are the column names. A row type is the only
/// Swift shape of its table; reads, inserts, updates, bulk writes, webhook scans and the team
/// archive all go through it, and it maps to and from the Domain type.
protocol TableRow: Codable, Sendable {
    static var table: String { get }
    var id: UUID { get }
}

/// A column named at run time, for the columns that come from a list such as `ReflectionPrompt`.
struct ColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A reflection's answers are one column per prompt, in `reflections` and `reflection_revisions` alike.
extension ReflectionNotes {
    init(columns container: KeyedDecodingContainer<ColumnKey>) throws {
        self.init()
        for prompt in ReflectionPrompt.allCases {
            self[prompt] = try container.decodeIfPresent(String.self, forKey: ColumnKey(prompt.column))
        }
    }

    /// Every prompt's column is written, null when unanswered, so an update clears a removed answer.
    func encode(columns container: inout KeyedEncodingContainer<ColumnKey>) throws {
        for prompt in ReflectionPrompt.allCases {
            try container.encode(self[prompt], forKey: ColumnKey(prompt.column))
        }
    }
}

extension SQLStore {
    /// Writes NULL for an absent value, so an update clears what the domain cleared.
    static let rowEncoder = SQLQueryEncoder(nilEncodingStrategy: .asNil)

    /// Inserts in chunks that stay under both databases' limits on bound values.
    static func insert<Row: TableRow>(_ rows: [Row], on db: any SQLDatabase) async throws {
        var start = 0
        while start < rows.count {
            let end = min(start + rowsPerInsert, rows.count)
            try await db.insert(into: Row.table).models(Array(rows[start..<end]), with: rowEncoder).run()
            start = end
        }
    }
}

extension SQLStore {
    static func count<Row: TableRow>(
        _ type: Row.Type, on db: any Database, where filter: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> Int {
        let query = db.sql().select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(Row.table)
        return try await filter(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

extension SQLStore {
    /// Writes every column of the row over the stored one of the same id and team. The columns named
    /// in `kept` stay as stored: a secret the Domain type does not carry (a member's password hash).
    static func update<Row: TableRow>(
        _ row: Row, team: TeamID, on db: any Database, notFound: String, keeping kept: Set<String> = []
    ) async throws {
        let found = try await updating(row, on: db.sql(), keeping: kept).where("team_id", .equal, team.rawValue).returning("id").all()
        guard !found.isEmpty else { throw DomainError.notFound(notFound) }
    }

    /// Writes every column of the row over the stored one of the same id, whatever its team: for a
    /// row whose team was checked when it was read, or for a team itself. False when no row has the id.
    @discardableResult
    static func update<Row: TableRow>(_ row: Row, on db: any SQLDatabase, keeping kept: Set<String> = []) async throws -> Bool {
        try await !updating(row, on: db, keeping: kept).returning("id").all().isEmpty
    }

    /// Sets one column of the row with this id, whatever its team: a secret the Domain type does not
    /// carry (a team's webhook secret, a member's password hash).
    static func update<Row: TableRow>(
        _ type: Row.Type, id: UUID, setting column: String, to value: some Encodable & Sendable, on db: any Database, notFound: String
    ) async throws {
        let found = try await db.sql().update(Row.table).set(column, to: value).where("id", .equal, id).returning("id").all()
        guard !found.isEmpty else { throw DomainError.notFound(notFound) }
    }

    private static func updating<Row: TableRow>(_ row: Row, on db: any SQLDatabase, keeping kept: Set<String>) throws -> SQLUpdateBuilder {
        let query = db.update(Row.table)
        for (column, value) in try rowEncoder.encode(row) where !kept.contains(column) { query.set(SQLColumn(column), to: value) }
        return query.where("id", .equal, row.id)
    }
}

/// Reads an enum stored as text; a value the code does not know means the database was changed by hand.
func decode<E: RawRepresentable>(_ type: E.Type, _ raw: String) throws -> E where E.RawValue == String {
    guard let value = E(rawValue: raw) else { throw StorageError.corruptValue("\(E.self)", raw) }
    return value
}

public enum StorageError: Error, CustomStringConvertible {
    case corruptValue(String, String)
    case notConfigured(String)

    public var description: String {
        switch self {
        case .corruptValue(let type, let raw): "stored value \"\(raw)\" is not a valid \(type)"
        case .notConfigured(let what): what
        }
    }
}

extension SQLSelectBuilder {
    /// One row more than the page asks for, so `ListPage` can tell whether another page follows.
    func page(_ request: Paging) -> Self {
        limit(request.limit + 1).offset(request.offset)
    }
}
