import Foundation

/// Which character a file uses before the decimals: `1,234.56` or `1.234,56`.
public enum NumberConvention: String, Sendable, Equatable {
    case dotDecimal, commaDecimal

    /// The convention of a locale such as `de-DE` or `en-US`.
    public init?(locale identifier: String) {
        let locale = Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_"))
        switch locale.decimalSeparator {
        case ".": self = .dotDecimal
        case ",": self = .commaDecimal
        default: return nil
        }
    }
}

/// Amounts as CRMs and spreadsheets write them: `$1,234.56`, `€12.500,00`, `1 234,56 €` (with U+00A0
/// or U+202F), `CHF 1'234.50`, `(1,234.00)`, `-1,234`, `USD 1,200`, `1.200 EUR`, `¥1,200,000`.
/// A value whose decimal separator cannot be told (`1.234` with no currency and no convention) is
/// reported as ambiguous rather than guessed: a wrong amount is worse than a refused row.
public enum AmountText {
    public enum Reading: Equatable, Sendable {
        /// The amount, the currency its text names (nil when it names none), and the convention the
        /// text itself proves (nil when it fits either).
        case amount(Decimal, currency: String?, shows: NumberConvention?)
        /// It could be read either way; the reason says how.
        case ambiguous(String)
        case invalid(String)
    }

    static let groupOnly: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{202F}", "'", "\u{2019}"]

    /// `defaultCurrency` is used only to decide that `1,200` in a currency without a minor unit (JPY)
    /// cannot be 1.2; it is not reported as the text's currency.
    public static func read(_ raw: String, convention: NumberConvention?, defaultCurrency: String? = nil) -> Reading {
        var text = Substring(ScalarSpace.trimmedStringWithNewlines(raw))
        // `count` counts `Character`s; no more UTF-8 bytes than the limit means no more characters either.
        guard !text.isEmpty, text.utf8.count <= 64 || text.count <= 64 else { return .invalid("is not an amount") }
        var negative = false
        if text.hasPrefix("("), text.hasSuffix(")") {
            negative = true
            text = text.dropFirst().dropLast()
        }
        func strip() { text = ScalarSpace.trimmed(text) }
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
        let prefix = firstDigit == 0 ? "" : String(ScalarSpace.trimmed(String(String.UnicodeScalarView(scalars[..<firstDigit]))))
        let suffix = lastDigit + 1 == scalars.count ? "" : String(ScalarSpace.trimmed(String(String.UnicodeScalarView(scalars[(lastDigit + 1)...]))))
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
        let wholeDigits = integerPart.filter { ("0"..."9").contains($0) }
        let value: Decimal
        if let exact = exactDecimal(whole: wholeDigits, fraction: fraction) {
            value = exact
        } else {
            let plain = String(String.UnicodeScalarView(wholeDigits)) + (fraction.isEmpty ? "" : "." + String(String.UnicodeScalarView(fraction)))
            guard let parsed = Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")) else { return .invalid("is not an amount") }
            value = parsed
        }
        return .amount(negative ? -value : value, currency: currency, shows: shows)
    }

    /// The value of ASCII digits with the decimals after them, when they fit a `UInt64` exactly (18
    /// digits); nil otherwise, and `Decimal(string:)` decides. Parsing text through Foundation was a
    /// fifth of an import's time.
    static func exactDecimal(whole: [Unicode.Scalar], fraction: [Unicode.Scalar]) -> Decimal? {
        guard !whole.isEmpty || !fraction.isEmpty, whole.count + fraction.count <= 18 else { return nil }
        var significand: UInt64 = 0
        for scalar in whole { significand = significand * 10 + UInt64(scalar.value - 48) }
        for scalar in fraction { significand = significand * 10 + UInt64(scalar.value - 48) }
        return Decimal(sign: .plus, exponent: -fraction.count, significand: Decimal(significand))
    }
}
