import Foundation

/// One column value of a bulk write, before it is turned into what each database takes. Bulk writes
/// skip `Encodable`: going through `SQLQueryEncoder` for every value of a million rows was most of
/// the time `rebound generate` spent outside SQLite.
enum BulkValue: Sendable {
    case null
    case uuid(UUID)
    case text(String)
    case integer(Int64)
    case bool(Bool)
    case date(Date)
    /// A text array: JSON text on SQLite, `text[]` on PostgreSQL (as the row types' `[String]` are stored).
    case texts([String])
}

/// A row type that bulk writes can insert without `Encodable`. `columns` and `append(to:)` must give
/// exactly what the row's `Encodable` conformance gives (same columns, same order, same stored values);
/// `BulkRowTests` holds each conforming type to that.
protocol BulkRow: TableRow {
    static var columns: [String] { get }
    func append(to values: inout [BulkValue])
}

extension Optional where Wrapped == UUID {
    var bulk: BulkValue { map(BulkValue.uuid) ?? .null }
}

extension Optional where Wrapped == String {
    var bulk: BulkValue { map(BulkValue.text) ?? .null }
}

extension Optional where Wrapped == Date {
    var bulk: BulkValue { map(BulkValue.date) ?? .null }
}

extension Optional where Wrapped == Int64 {
    var bulk: BulkValue { map(BulkValue.integer) ?? .null }
}

extension UUID {
    /// The same text as `uuidString` (upper case, as SQLite stores UUIDs here) without Foundation's
    /// formatter, which showed up in profiles of bulk writes.
    var upperText: String { hexText(upper: true) }
}
