import Domain
import Foundation
import Testing

/// Amounts and dates as CRMs and spreadsheets write them, read exactly or refused with a reason.
@Suite struct ImportTextTests {
    static let amounts: [(String, NumberConvention?, String, String?)] = [
        ("1,234.56", nil, "1234.56", nil), ("1.234,56", nil, "1234.56", nil), ("1 234,56", nil, "1234.56", nil),
        ("1\u{00A0}234,56", nil, "1234.56", nil), ("1\u{202F}234,56 €", nil, "1234.56", "EUR"), ("1'234.56", nil, "1234.56", nil),
        ("(1,234.00)", nil, "-1234", nil), ("-1,234", .dotDecimal, "-1234", nil), ("$48,000.00", nil, "48000", "USD"),
        ("US$ 1,200", .dotDecimal, "1200", "USD"), ("€12.500,00", nil, "12500", "EUR"), ("£1,250.50", nil, "1250.5", "GBP"),
        ("¥1,200,000", nil, "1200000", "JPY"), ("JP¥1,200", nil, "1200", "JPY"), ("CN¥1,200.50", nil, "1200.5", "CNY"),
        ("₹1,23,456.00", nil, "123456", "INR"), ("CHF 1'234.50", nil, "1234.5", "CHF"), ("R$ 1.234,56", nil, "1234.56", "BRL"),
        ("USD 1,200", .dotDecimal, "1200", "USD"), ("1.200 EUR", .commaDecimal, "1200", "EUR"), ("1.200,5 EUR", nil, "1200.5", "EUR"),
        ("48000", nil, "48000", nil), ("0,5", nil, "0.5", nil), ("12,5", nil, "12.5", nil), ("1.234", .commaDecimal, "1234", nil),
        ("1.234", .dotDecimal, "1.234", nil), ("€-12,50", nil, "-12.5", "EUR"), ("1,234,567", nil, "1234567", nil),
    ]

    @Test func amountsInEveryCommonFormAreReadExactly() {
        for (text, convention, expected, currency) in Self.amounts {
            let reading = AmountText.read(text, convention: convention)
            #expect(reading == .amount(Decimal(string: expected)!, currency: currency, shows: showsOf(reading)), "\(text) → \(reading)")
        }
    }

    func showsOf(_ reading: AmountText.Reading) -> NumberConvention? {
        if case .amount(_, _, let shows) = reading { return shows }
        return nil
    }

    @Test func anAmountThatCouldBeReadTwoWaysIsNotGuessed() {
        for text in ["1.234", "1,234", "USD 1,200", "1.200 EUR"] {
            guard case .ambiguous = AmountText.read(text, convention: nil) else {
                Issue.record("\(text) was guessed: \(AmountText.read(text, convention: nil))")
                continue
            }
        }
        guard case .ambiguous = AmountText.read("100 kr", convention: .commaDecimal) else { Issue.record("kr is SEK, NOK, DKK or ISK"); return }
        #expect(AmountText.read("1,200", convention: nil, defaultCurrency: "JPY") == .amount(1200, currency: nil, shows: nil), "yen have no decimals")
        for text in ["12.34.56,7", "abc", "1.2.3", "$ €5", "12..5"] {
            if case .amount = AmountText.read(text, convention: nil) { Issue.record("\(text) was read as an amount") }
        }
    }

    @Test func conventionsComeFromLocales() {
        #expect(NumberConvention(locale: "de-DE") == .commaDecimal)
        #expect(NumberConvention(locale: "en-US") == .dotDecimal)
    }

    @Test func moneyUsesEachCurrencysMinorUnit() {
        var v = Validator()
        #expect(Money.parse(amount: 1_200_000, currency: "JPY", field: "", into: &v)?.minorUnits == 1_200_000)
        #expect(Money.parse(amount: Decimal(string: "1.234")!, currency: "KWD", field: "", into: &v)?.minorUnits == 1_234)
        #expect(Money.parse(amount: Decimal(string: "12500.00")!, currency: "EUR", field: "", into: &v)?.minorUnits == 1_250_000)
        #expect(v.errors.isEmpty)
        #expect(Money.parse(amount: Decimal(string: "1.5")!, currency: "JPY", field: "", into: &v) == nil)
        #expect(Money(minorUnits: 1_200_000, currency: "JPY").amount == 1_200_000)
    }

    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    @Test func datesKeepTheirTimeAndZoneAndDayFirstOnlyWhenTheFileSaysSo() {
        let cases: [(String, DateOrder?, Date)] = [
            ("2026-02-27", nil, Self.utc(2026, 2, 27)), ("2026-02-27 16:04", nil, Self.utc(2026, 2, 27, 16, 4)),
            ("2026-02-27T16:04:00+01:00", nil, Self.utc(2026, 2, 27, 15, 4)), ("2026-02-27T16:04:00Z", nil, Self.utc(2026, 2, 27, 16, 4)),
            ("02/27/2026", nil, Self.utc(2026, 2, 27)), ("2/27/26 4:04 PM", nil, Self.utc(2026, 2, 27, 16, 4)),
            ("27/02/2026", nil, Self.utc(2026, 2, 27)), ("27.02.2026", nil, Self.utc(2026, 2, 27)), ("27.02.2026 16:04", nil, Self.utc(2026, 2, 27, 16, 4)),
            ("03/04/2026", .dmy, Self.utc(2026, 4, 3)), ("03/04/2026", .mdy, Self.utc(2026, 3, 4)), ("05/05/2026", nil, Self.utc(2026, 5, 5)),
        ]
        for (text, order, expected) in cases {
            guard case .date(let date, _) = DateText.read(text, order: order) else {
                Issue.record("\(text): \(DateText.read(text, order: order))")
                continue
            }
            #expect(date == expected, "\(text)")
        }
        guard case .ambiguous = DateText.read("03/04/2026", order: nil) else { Issue.record("03/04/2026 was guessed"); return }
        for text in ["2026-02-30", "31/02/2026", "2026-13-01", "13/13/2026", "tomorrow", "2026-02-27 25:00"] {
            if case .date = DateText.read(text, order: nil) { Issue.record("\(text) was read as a date") }
        }
    }
}
