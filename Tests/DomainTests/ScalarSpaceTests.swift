import Domain
import Foundation
import Testing

/// Trimming by scalars, and the amount and date readers built on it, give exactly what Foundation's
/// trimming and the earlier readers gave: compared on every scalar and on generated text, byte for byte.
@Suite struct ScalarSpaceTests {
    @Test func theSetsAreFoundationsOnEveryScalar() {
        let spaces = CharacterSet.whitespaces
        let newlines = CharacterSet.whitespacesAndNewlines
        // What AmountText trimmed around symbols before: the whitespaces and two no-break spaces.
        let amountSpaces = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{00A0}\u{202F}"))
        var differences: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ScalarSpace.isSpace(scalar) != spaces.contains(scalar) { differences.append("space U+\(String(value, radix: 16))") }
            if ScalarSpace.isSpaceOrNewline(scalar) != newlines.contains(scalar) { differences.append("newline U+\(String(value, radix: 16))") }
            if ScalarSpace.isSpace(scalar) != amountSpaces.contains(scalar) { differences.append("amount U+\(String(value, radix: 16))") }
        }
        #expect(differences.isEmpty, "\(differences.prefix(20))")
    }

    /// Pieces that trimming could treat differently: spaces of every kind, newlines, a space before a
    /// joining mark, a zero-width space and BOM (not whitespace), emoji and flags (surrogate pairs in UTF-16).
    static let pieces = [
        " ", "\t", "\u{A0}", "\u{202F}", "\u{3000}", "\u{2009}", "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{0B}", "\u{301}", "\u{200D}",
        "\u{200B}", "\u{FEFF}", "e", "é", "😀", "👍🏽", "🇩🇪", "\u{0}", "x",
    ]

    static func texts() -> [String] {
        var texts = [""]
        for a in pieces {
            texts.append(a)
            for b in pieces {
                texts.append(a + b)
                for c in pieces { texts.append(a + b + c) }
            }
        }
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<(4 + Int(state >> 61)) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            texts.append(text)
        }
        return texts
    }

    @Test func trimmingGivesFoundationsBytes() {
        var differences: [String] = []
        for text in Self.texts() {
            let spaces = Array(ScalarSpace.trimmedString(text).utf8)
            let newlines = Array(ScalarSpace.trimmedStringWithNewlines(text).utf8)
            if spaces != Array(text.trimmingCharacters(in: .whitespaces).utf8) { differences.append("spaces \(Array(text.unicodeScalars))") }
            if newlines != Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8) { differences.append("newlines \(Array(text.unicodeScalars))") }
            if ScalarSpace.isBlank(text) != text.trimmingCharacters(in: .whitespaces).isEmpty { differences.append("blank \(Array(text.unicodeScalars))") }
        }
        #expect(differences.isEmpty, "\(differences.prefix(20))")
    }

    @Test func aSpaceBeforeAJoiningMarkIsTrimmedAsFoundationTrimsIt() {
        #expect(Array(ScalarSpace.trimmedString(" \u{301}abc").unicodeScalars) == ["\u{301}", "a", "b", "c"])
        #expect(ScalarSpace.trimmedString("\u{A0}x\u{202F}") == "x")
        #expect(ScalarSpace.trimmedStringWithNewlines("\r\n x \u{2028}") == "x")
        #expect(ScalarSpace.trimmedString("\n x \n") == "\n x \n", "newlines are not whitespaces")
        #expect(ScalarSpace.trimmedString("\u{200B}x\u{200B}") == "x", "Foundation trims a zero width space too")
        #expect(ScalarSpace.trimmedString("\u{FEFF}x") == "\u{FEFF}x", "a byte order mark is not a space")
    }

    static func same(_ new: AmountText.Reading, _ old: AmountTextOracle.Reading) -> Bool {
        switch (new, old) {
        case (.amount(let a, let c, let s), .amount(let b, let d, let t)): a == b && c == d && s == t
        case (.ambiguous(let a), .ambiguous(let b)), (.invalid(let a), .invalid(let b)): a == b
        default: false
        }
    }

    @Test func amountsReadAsBefore() {
        let prefixes = ["", "$", "€", "US$ ", "USD ", "kr ", "-", "\u{2212}", "(", " ", "\u{A0}", "CHF ", "€-", "Fr.", "abc", " \u{301}(", "\u{301}", "\n("]
        let numbers = [
            "1.234,56", "1,234.56", "1'234.50", "1\u{2019}234", "12,5", "0,5", "1.234", "1,234", "1,200", "1.200", "48000", "1,234,567",
            "1.234.567", "1,23,456.00", "1 234,56", "1\u{A0}234,56", "1\u{202F}234", "12..5", "1.2.3", "12.34.56,7", "00012", "0.000",
            "999999999999999999", "123456789012345678", "1234567890123456789", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", "123456789012345678901234567890123456789012", "1,234.567.8", "1, 234", "", "x", "5",
            "1.234,56789", "12,345.6", "1e5",
        ]
        let suffixes = ["", " €", "€", " EUR", ")", "-", "\u{2212}", " kr", "\u{A0}€", " USD", "$", " ", "\n", " €)", ")\u{301}", "\u{301}", "\u{A0}\u{301}"]
        var differences: [String] = []
        var count = 0
        for prefix in prefixes {
            for number in numbers {
                for suffix in suffixes {
                    let text = prefix + number + suffix
                    for convention in [nil, NumberConvention.dotDecimal, .commaDecimal] {
                        for currency in [nil, "JPY", "SEK", "EUR"] {
                            count += 1
                            let new = AmountText.read(text, convention: convention, defaultCurrency: currency)
                            let old = AmountTextOracle.read(text, convention: convention, defaultCurrency: currency)
                            if !Self.same(new, old) { differences.append("\(text) \(String(describing: convention)) \(currency ?? "-"): \(new) vs \(old)") }
                        }
                    }
                }
            }
        }
        #expect(count > 100_000)
        #expect(differences.isEmpty, "\(differences.prefix(20))")
        // The cases the brief names, read exactly.
        #expect(AmountText.read("1.234,56 €", convention: nil) == .amount(Decimal(string: "1234.56")!, currency: "EUR", shows: .commaDecimal))
        #expect(AmountText.read("(1,200)", convention: .dotDecimal) == .amount(-1200, currency: nil, shows: nil))
        #expect(AmountText.read("9223372036854775808", convention: nil) == .amount(Decimal(string: "9223372036854775808")!, currency: nil, shows: nil))
    }

    static func same(_ new: DateText.Reading, _ old: DateTextOracle.Reading) -> Bool {
        switch (new, old) {
        case (.date(let a, let s), .date(let b, let t)): a == b && s == t
        case (.ambiguous(let a), .ambiguous(let b)), (.invalid(let a), .invalid(let b)): a == b
        default: false
        }
    }

    @Test func datesReadAsBefore() {
        var texts: [String] = []
        for year in [1899, 1900, 1970, 1999, 2000, 2024, 2026, 2099, 2100, 2200, 2201] {
            for month in 0...13 {
                for day in 0...32 {
                    let yy = String(format: "%02d", year % 100)
                    texts += [
                        "\(year)-\(String(format: "%02d", month))-\(String(format: "%02d", day))", "\(month)/\(day)/\(year)", "\(day).\(month).\(year)",
                        "\(month)/\(day)/\(yy)", "\(day).\(month).\(yy)", "\(month)-\(day)-\(year)",
                    ]
                }
            }
        }
        let times = [
            " 16:04", "T16:04:05+01:00", " 4:04 PM", " 12:00 AM", " 12:30 pm", "T23:59:59Z", " 16:04 UTC", " 25:00", "T00:00:00.123-05:30",
            " 16:04:05 +0100", "t10:00", "  9:15  ", " 13:00 PM", " 16:60", "T16:04:05+15:00",
        ]
        for date in ["2026-02-27", "02/27/2026", "27/02/2026", "27.02.2026", "2024-02-29", "1900-01-01", "2200-12-31", "3/4/26"] {
            for time in times { texts.append(date + time) }
        }
        texts += ["", " ", "\u{A0}2026-02-27\u{A0}", "\t2026-02-27 ", "2026-02-27\n", "2026/02/27", "26-02-27", "abc", "2026-2-7", "١٢/١٢/٢٠٢٦", " \u{301}2026-02-27", "2026-02-27 \u{301}", "2026-02-27\u{301}"]
        var differences: [String] = []
        for text in texts {
            for order in [nil, DateOrder.mdy, .dmy] {
                let new = DateText.read(text, order: order)
                let old = DateTextOracle.read(text, order: order)
                if !Self.same(new, old) { differences.append("\(text) \(String(describing: order)): \(new) vs \(old)") }
            }
        }
        #expect(texts.count > 30_000)
        #expect(differences.isEmpty, "\(differences.prefix(20))")
    }
}
