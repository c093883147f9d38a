import Domain
import Foundation

/// AmountText as it was before scalar trimming and digit parsing (commit 3064d23), kept as the oracle
/// the new one must agree with on every input.
enum AmountTextOracle {
    enum Reading: Equatable, Sendable {
        /// The amount, the currency its text names (nil when it names none), and the convention the
        /// text itself proves (nil when it fits either).
        case amount(Decimal, currency: String?, shows: NumberConvention?)
        /// It could be read either way; the reason says how.
        case ambiguous(String)
        case invalid(String)
    }

    static let groupOnly: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{202F}", "'", "\u{2019}"]
    /// Spaces around a symbol or code, the no-break ones spreadsheets write included.
    static let spaces = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{00A0}\u{202F}"))

    /// `defaultCurrency` is used only to decide that `1,200` in a currency without a minor unit (JPY)
    /// cannot be 1.2; it is not reported as the text's currency.
    static func read(_ raw: String, convention: NumberConvention?, defaultCurrency: String? = nil) -> Reading {
        var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !text.isEmpty, text.count <= 64 else { return .invalid("is not an amount") }
        var negative = false
        if text.hasPrefix("("), text.hasSuffix(")") {
            negative = true
            text = text.dropFirst().dropLast()
        }
        func strip() { text = Substring(text.trimmingCharacters(in: spaces)) }
        func takeSign() {
            strip()
            if let first = text.unicodeScalars.first, first == "-" || first == "\u{2212}" {
                negative = true
                text = Substring(String(text.unicodeScalars.dropFirst()))
            }
            if let last = text.unicodeScalars.last, last == "-" || last == "\u{2212}" {
                negative = true
                text = Substring(String(text.unicodeScalars.dropLast()))
            }
            strip()
        }
        takeSign()
        // The currency marker before or after the number: everything that is not a digit or a separator.
        func isNumberScalar(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || s == "." || s == "," || groupOnly.contains(s) }
        let scalars = Array(text.unicodeScalars)
        guard let firstDigit = scalars.firstIndex(where: { ("0"..."9").contains($0) }),
            let lastDigit = scalars.lastIndex(where: { ("0"..."9").contains($0) })
        else { return .invalid("is not an amount") }
        let prefix = String(String.UnicodeScalarView(scalars[..<firstDigit])).trimmingCharacters(in: spaces)
        let suffix = String(String.UnicodeScalarView(scalars[(lastDigit + 1)...])).trimmingCharacters(in: spaces)
        let number = Array(scalars[firstDigit...lastDigit])
        guard number.allSatisfy(isNumberScalar) else { return .invalid("is not an amount") }
        var markers = [prefix, suffix].filter { !$0.isEmpty }
        // A sign written between the symbol and the number ("€-12", "USD -5").
        for (index, marker) in markers.enumerated() where marker.hasSuffix("-") || marker.hasPrefix("-") {
            negative = true
            markers[index] = marker.trimmingCharacters(in: CharacterSet(charactersIn: "-\u{2212} "))
        }
        markers = markers.filter { !$0.isEmpty }
        guard markers.count <= 1 else { return .invalid("names its currency twice") }
        var currency: String?
        if let marker = markers.first {
            if let choices = Currency.isAmbiguous(marker), let stated = defaultCurrency, choices.contains(stated) {
                currency = stated  // "kr" in a file whose currency column or default is SEK
            } else if let choices = Currency.isAmbiguous(marker) {
                return .ambiguous("\"\(marker)\" could be \(choices.joined(separator: ", ")); add a currency column or choose a default currency")
            }
            else {
                guard let code = Currency.code(for: marker) else { return .invalid("\"\(marker)\" is not a currency Rebound knows") }
                currency = code
            }
        }

        // Which separator is the decimal one.
        let dots = number.filter { $0 == "." }.count
        let commas = number.filter { $0 == "," }.count
        let hasGroupOnly = number.contains(where: { groupOnly.contains($0) })
        var decimal: Unicode.Scalar?
        var shows: NumberConvention?
        if dots > 0, commas > 0 {
            let last = number.last { $0 == "." || $0 == "," }!
            decimal = last
            guard number.filter({ $0 == last }).count == 1 else { return .invalid("has two decimal separators") }
            shows = last == "." ? .dotDecimal : .commaDecimal
        } else if dots + commas > 0 {
            let separator: Unicode.Scalar = dots > 0 ? "." : ","
            let count = max(dots, commas)
            let after = number.count - 1 - number.lastIndex(of: separator)!
            if count > 1 {
                decimal = nil
                shows = separator == "." ? .commaDecimal : .dotDecimal
            } else if after != 3 || hasGroupOnly || number.first == "0" {
                decimal = separator
                shows = separator == "." ? .dotDecimal : .commaDecimal
            } else if let exponent = (currency ?? defaultCurrency).map(Currency.exponent(of:)), exponent == 0 {
                decimal = nil  // ¥1,200: yen have no decimals
            } else if let convention {
                decimal = (convention == .dotDecimal) == (separator == ".") ? separator : nil
            } else {
                let whole = number.filter { ("0"..."9").contains($0) }.map(String.init).joined()
                let asDecimal = number.map { $0 == separator ? "." : String($0) }.joined()
                return .ambiguous("\"\(raw)\" could be \(whole) or \(asDecimal): no other amount in the file shows which separator marks decimals; say it with --locale (e.g. de-DE or en-US)")
            }
        }

        // The digits, with the grouping checked: groups of three after the first (or the Indian 2-2-3).
        var integerPart = number
        var fraction: [Unicode.Scalar] = []
        if let decimal, let index = number.lastIndex(of: decimal) {
            integerPart = Array(number[..<index])
            fraction = Array(number[(index + 1)...])
            guard !fraction.isEmpty, fraction.allSatisfy({ ("0"..."9").contains($0) }) else { return .invalid("is not an amount") }
        }
        let groups = integerPart.split(omittingEmptySubsequences: false, whereSeparator: { !("0"..."9").contains($0) }).map(\.count)
        if groups.count > 1 {
            let western = (1...3).contains(groups[0]) && groups.dropFirst().allSatisfy { $0 == 3 }
            let indian = groups.last == 3 && (1...2).contains(groups[0]) && groups.dropFirst().dropLast().allSatisfy { $0 == 2 }
            guard western || indian else { return .invalid("groups its digits oddly") }
        }
        let digits = String(String.UnicodeScalarView(integerPart.filter { ("0"..."9").contains($0) }))
        let plain = digits + (fraction.isEmpty ? "" : "." + String(String.UnicodeScalarView(fraction)))
        guard let value = Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")) else { return .invalid("is not an amount") }
        return .amount(negative ? -value : value, currency: currency, shows: shows)
    }
}
