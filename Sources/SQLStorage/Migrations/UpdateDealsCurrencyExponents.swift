import FluentKit
import SQLKit

/// Amounts were stored in hundredths whatever the currency; now each currency has its own minor unit
/// (none for JPY, thousandths for KWD). Stored amounts in such currencies are rescaled once.
struct UpdateDealsCurrencyExponents: AsyncMigration {
    var name: String { "UpdateDealsCurrencyExponents" }

    static let noMinorUnit = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]
    static let thousandths = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        try await sql.raw("UPDATE deals SET amount_minor = amount_minor / 100 WHERE currency IN (\(binds: Self.noMinorUnit))").run()
        try await sql.raw("UPDATE deals SET amount_minor = amount_minor * 10 WHERE currency IN (\(binds: Self.thousandths))").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        try await sql.raw("UPDATE deals SET amount_minor = amount_minor * 100 WHERE currency IN (\(binds: Self.noMinorUnit))").run()
        try await sql.raw("UPDATE deals SET amount_minor = amount_minor / 10 WHERE currency IN (\(binds: Self.thousandths))").run()
    }
}
