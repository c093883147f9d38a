import Domain
import Foundation
import SQLKit
import SQLiteKit
import SQLiteNIO

extension SQLQueryFetcher {
    /// Every row, each read by its row type's `init(from:)`: on SQLite straight from the driver's rows
    /// (`SQLiteColumnDecoder`), elsewhere through `ColumnDecoder`.
    func all<Row: Decodable>(rows type: Row.Type) async throws -> [Row] {
        if let sqlite = database as? any SQLiteDatabase {
            let (sql, binds) = database.serialize(query)
            // Logged as SQLKit logs the queries it runs (`sqlLogLevel` in `DatabaseService`).
            if let level = database.queryLogLevel {
                database.logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
            }
            let encoder = SQLiteDataEncoder()
            let rows = try await sqlite.query(sql, try binds.map { try encoder.encode($0) })
            return try rows.map { try Row(from: SQLiteColumnDecoder(row: $0)) }
        }
        return try await all().map { try Row(from: ColumnDecoder(row: $0)) }
    }

    /// The first row (the query is limited to one), read as `all(rows:)` reads each.
    func first<Row: Decodable>(row type: Row.Type) async throws -> Row? {
        (self as? any SQLPartialResultBuilder)?.limit(1)
        return try await all(rows: type).first
    }
}

/// Reads a row's columns by name through SQLKit's row, for databases without a reader of their own
/// (PostgreSQL): `SQLRowDecoder`'s work without its key strategies, which cost a PostgreSQL queue
/// request a fifth of its CPU (1.71-1.92 ms with `all(decoding:)`, 1.33-1.56 ms with this).
/// The rest of that cost is Codable's keyed containers themselves.
struct ColumnDecoder: RowDecoder {
    let row: any SQLRow

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }
}

private struct Columns<Key: CodingKey>: RowColumns {
    let row: any SQLRow

    var allKeys: [Key] { row.allColumns.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { row.contains(column: key.stringValue) }

    func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: key.stringValue) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try row.decode(column: key.stringValue, as: T.self)
    }
}

/// A decoder of one row: read by column name only.
protocol RowDecoder: Decoder {}

extension RowDecoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row is read by column name"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row is read by column name"))
    }
}

/// A row's columns: one value each, nothing nested.
protocol RowColumns: KeyedDecodingContainerProtocol {}

extension RowColumns {
    var codingPath: [any CodingKey] { [] }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a column holds one value"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a column holds one value"))
    }

    func superDecoder() throws -> any Decoder {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row has no super decoder"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [key], debugDescription: "a row has no super decoder"))
    }
}
