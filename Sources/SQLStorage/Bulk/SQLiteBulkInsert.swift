import Domain
import FluentSQLiteDriver
import Foundation

/// Bulk inserts on SQLite straight through SQLiteNIO: multi-row `INSERT` statements whose values are
/// bound as `SQLiteData` made directly from the rows (no SQLKit serialisation, no `Encodable`).
/// Stored values are the ones `SQLiteDataEncoder` would write: UUIDs as upper-case text, dates as
/// seconds since 1970, text arrays as JSON text.
enum SQLiteBulkInsert {
    /// SQLite binds at most 32,766 values per statement; a statement much longer than this gains nothing.
    static let maximumRows = 1_000

    /// With `endingTheTransactionOnConflict` (a load, where any failure fails everything) a constraint
    /// failure rolls the whole transaction back (`INSERT OR ROLLBACK`), so SQLite keeps no statement
    /// journal to undo one statement alone: it copied every page each statement touched.
    static func insert<Row: BulkRow>(_ rows: [Row], on db: any SQLiteDatabase, endingTheTransactionOnConflict: Bool = false) async throws {
        guard !rows.isEmpty else { return }
        let width = Row.columns.count
        let perStatement = min(maximumRows, 32_766 / width)
        var start = 0
        var values: [BulkValue] = []
        var binds: [SQLiteData] = []
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            values.removeAll(keepingCapacity: true)
            values.reserveCapacity((end - start) * width)
            for row in rows[start..<end] { row.append(to: &values) }
            binds.removeAll(keepingCapacity: true)
            binds.reserveCapacity(values.count)
            for value in values { binds.append(sqliteData(value)) }
            let sql = statement(Row.table, columns: Row.columns, rows: end - start, orRollback: endingTheTransactionOnConflict)
            try await db.query(sql, binds) { _ in }
            start = end
        }
    }

    static func statement(_ table: String, columns: [String], rows: Int, orRollback: Bool) -> String {
        let tuple = "(" + String(repeating: "?,", count: columns.count - 1) + "?)"
        var sql = (orRollback ? "INSERT OR ROLLBACK INTO \"" : "INSERT INTO \"") + table + "\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * (tuple.utf8.count + 1))
        for index in 0..<rows {
            if index > 0 { sql += "," }
            sql += tuple
        }
        return sql
    }

    static func sqliteData(_ value: BulkValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .uuid(let uuid): .text(uuid.upperText)
        case .text(let text): .text(text)
        case .integer(let number): .integer(Int(number))
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .date(let date): .float(date.timeIntervalSince1970)
        case .texts(let texts): .text(JSONText.array(texts))
        }
    }
}

/// A JSON array of strings, written as Foundation's `JSONEncoder` writes it (so `/` is escaped too).
enum JSONText {
    static func array(_ texts: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Escape.json(text, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
