import Foundation

/// ISO 4217 facts Rebound needs: how many minor units each currency has, and which symbols and
/// prefixes CRMs and spreadsheets write for it.
public enum Currency {
    /// Currencies whose minor unit is not the hundredth (ISO 4217 "minor unit" column).
    static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0,
        "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    /// Digits after the decimal point: 0 for JPY, 3 for KWD, 2 for most.
    public static func exponent(of code: String) -> Int { exponents[code] ?? 2 }

    /// Symbols and prefixes, longest first when matched. A bare `$` is the US dollar, as CRMs write it
    /// for their default currency; a currency column overrides it.
    static let symbols: [(String, String)] = [
        ("US$", "USD"), ("USD$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("A$", "AUD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"),
        ("S$", "SGD"), ("MX$", "MXN"), ("R$", "BRL"), ("JP¥", "JPY"), ("CN¥", "CNY"), ("RMB", "CNY"), ("¥", "JPY"), ("€", "EUR"), ("£", "GBP"),
        ("₹", "INR"), ("₩", "KRW"), ("₽", "RUB"), ("₺", "TRY"), ("₪", "ILS"), ("₫", "VND"), ("zł", "PLN"), ("Kč", "CZK"), ("Fr.", "CHF"),
        ("$", "USD"),
    ]

    /// Symbols that several currencies use: they need a currency column or a default to mean anything.
    static let ambiguous: [String: [String]] = ["kr": ["SEK", "NOK", "DKK", "ISK"], "kr.": ["DKK", "ISK"]]

    /// The ISO code for a symbol or code as written (`€`, `us$`, `eur`), or nil.
    /// `symbols` lowercased once: `code(for:)` runs for every amount of an import.
    static let lowercasedSymbols: [(String, String)] = symbols.map { ($0.0.lowercased(), $0.1) }

    public static func code(for text: String) -> String? {
        let trimmed = String(ScalarSpace.trimmed(text))
        let lowered = trimmed.lowercased()
        if let match = lowercasedSymbols.first(where: { $0.0 == lowered }) { return match.1 }
        let upper = trimmed.uppercased()
        guard upper.count == 3, upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else { return nil }
        return upper
    }

    public static func isAmbiguous(_ text: String) -> [String]? { ambiguous[ScalarSpace.trimmed(text).lowercased()] }
}
