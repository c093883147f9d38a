import FluentPostgresDriver
import Foundation

/// Bulk inserts on PostgreSQL with `COPY … FROM STDIN` (text format) on the transaction's own
/// connection: the server parses plain text instead of planning one multi-row INSERT per 500 rows.
/// Values are written as PostgresNIO would bind them (timestamps to the microsecond it sends).
enum PostgresBulkCopy {
    /// Bytes per CopyData message.
    static let chunkBytes = 1 << 20

    static func insert<Row: BulkRow>(_ rows: [Row], on db: any PostgresDatabase) async throws {
        guard !rows.isEmpty else { return }
        var chunks: [ByteBuffer] = []
        var text = ""
        text.reserveCapacity(chunkBytes + 4096)
        var values: [BulkValue] = []
        for row in rows {
            values.removeAll(keepingCapacity: true)
            row.append(to: &values)
            for (index, value) in values.enumerated() {
                if index > 0 { text += "\t" }
                append(value, to: &text)
            }
            text += "\n"
            if text.utf8.count >= chunkBytes {
                chunks.append(ByteBuffer(string: text))
                text.removeAll(keepingCapacity: true)
            }
        }
        if !text.isEmpty { chunks.append(ByteBuffer(string: text)) }
        let table = Row.table
        let columns = Row.columns
        let data = chunks
        let logger = db.logger
        try await db.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for chunk in data { try await writer.write(chunk) }
                }
            }
        }.get()
    }

    static func append(_ value: BulkValue, to out: inout String) {
        switch value {
        case .null: out += "\\N"
        case .uuid(let uuid): out += uuid.hexText(upper: false)
        case .text(let text): escaped(text, into: &out)
        case .integer(let number): out += String(number)
        case .bool(let flag): out += flag ? "t" : "f"
        case .date(let date): timestamp(date, into: &out)
        case .texts(let texts):
            var literal = "{"
            for (index, text) in texts.enumerated() {
                if index > 0 { literal += "," }
                literal += "\""
                for scalar in text.unicodeScalars {
                    if scalar == "\"" || scalar == "\\" { literal += "\\" }
                    literal.unicodeScalars.append(scalar)
                }
                literal += "\""
            }
            literal += "}"
            escaped(literal, into: &out)
        }
    }

    /// COPY's text format: backslash, tab, newline and carriage return are written as escapes.
    static func escaped(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// UTC, to the microsecond, truncated as PostgresNIO truncates when it binds a `Date`.
    static func timestamp(_ date: Date, into out: inout String) {
        let micros = Int64(date.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000)
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            days -= 1
            rest += perDay
        }
        // Days since 2000-01-01 to a civil date (Howard Hinnant's algorithm, from 1970-01-01).
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let seconds = rest / 1_000_000
        func two(_ n: Int64) { if n < 10 { out += "0" }; out += String(n) }
        let yearText = String(year)
        out += String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        out += "-"; two(month); out += "-"; two(day); out += " "
        two(seconds / 3600); out += ":"; two(seconds / 60 % 60); out += ":"; two(seconds % 60)
        let fraction = String(rest % 1_000_000)
        out += "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "+00"
    }
}
