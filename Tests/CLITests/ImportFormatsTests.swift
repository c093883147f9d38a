import App
import Domain
import Features
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport
import Web

/// CRM exports as they really are: each amount, currency, date and owner form stored exactly as
/// meant, ambiguous values refused rather than guessed (fixtures in `Fixtures/`, both databases).
@Suite struct ImportFormatsTests {
    /// Stages in ASCII are read by bytes, others by `Character`s: both give the letters, lowercased.
    @Test func stagesReadTheSameWhateverTheirScript() {
        let cases: [(String, DealStatus?)] = [
            ("Closed Won", .won), ("closedwon", .won), ("CLOSED_LOST", .lost), ("Closed-Lost", .lost), (" lost ", .lost), ("Won!", .won),
            ("Canceled", .cancelled), ("Churned", .cancelled), ("Closed Cancelled", .cancelled), ("Prospecting", .open), ("", nil), ("123 -", nil),
            ("\r\n", nil), ("Clösed Wón", .open), ("Won\u{301}", .open),
        ]
        for (raw, expected) in cases {
            #expect(CRMImporter.parseStage(raw) == expected, "\(raw)")
        }
    }

    static func fixture(_ name: String) -> String { ImportTests.fixture(name) }

    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    /// A team with Ada (admin, importing), Rita Rep and Otto Ops.
    func team(_ repositories: Repositories) async throws -> (ada: Member, rita: Member, otto: Member) {
        let ada = try await addUser(
            repositories: repositories, teamName: "Acme", name: "Ada", email: "ada@acme.test", role: .admin, password: "long enough pw",
            expertise: [], bcryptCost: 4
        ).member
        let rita = try await addUser(
            repositories: repositories, teamName: "Acme", name: "Rita Rep", email: "rita@acme.test", role: .rep, password: "long enough pw",
            expertise: [], bcryptCost: 4
        ).member
        let otto = try await addUser(
            repositories: repositories, teamName: "Acme", name: "Otto Ops", email: "otto@acme.test", role: .rep, password: "long enough pw",
            expertise: [], bcryptCost: 4
        ).member
        return (ada, rita, otto)
    }

    func deals(_ repositories: Repositories, _ team: TeamID) async throws -> [String: Deal] {
        let items = try await repositories.deals.deals(in: team, filter: DealFilter(), page: Paging(limit: 200)).items
        return Dictionary(uniqueKeysWithValues: items.compactMap { deal in deal.crmID.map { ($0, deal) } })
    }

    @Test(arguments: TestDatabase.enabled)
    func aGermanSalesforceExportKeepsEveryAmountCurrencyTimeAndOwner(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (ada, rita, otto) = try await team(repositories)
            let run = CRMImporter(repositories: repositories)
            var dry = ImportOptions()
            dry.dryRun = true

            let rehearsal = try await run.run(file: Self.fixture("salesforce-de.csv"), mapping: .salesforce, importer: ada, options: dry)
            let afterRehearsal = try await deals(repositories, ada.teamID)
            let report = try await run.run(file: Self.fixture("salesforce-de.csv"), mapping: .salesforce, importer: ada, options: ImportOptions())
            let again = try await run.run(file: Self.fixture("salesforce-de.csv"), mapping: .salesforce, importer: ada, options: ImportOptions())
            let stored = try await deals(repositories, ada.teamID)

            #expect(report.badRows.isEmpty, "\(report.badRows)")
            #expect(report.numberConvention == .commaDecimal && report.dateOrder == .dmy)
            #expect(stored["006D1"]?.value == Money(minorUnits: 1_250_000, currency: "EUR"), "12.500,00 EUR is twelve and a half thousand euros")
            #expect(stored["006D2"]?.value == Money(minorUnits: 1_200_000, currency: "JPY"), "yen have no minor unit")
            #expect(stored["006D3"]?.value == Money(minorUnits: 1_234_567, currency: "KWD"), "dinars have three decimals")
            #expect(stored["006D4"]?.value == Money(minorUnits: -123_400, currency: "EUR"), "(1.234,00) is negative")
            #expect(stored["006D1"]?.closeDate == Self.utc(2026, 2, 27, 16, 4), "the time is kept")
            #expect(stored["006D1"]?.failedAt == Self.utc(2026, 2, 27, 16, 4), "the failure clock starts at the CRM's close time")
            #expect(stored["006D1"]?.ownerID == rita.id && stored["006D2"]?.ownerID == otto.id)
            #expect(stored["006D3"]?.ownerID == nil && stored["006D4"]?.ownerID == nil, "no owner is invented")
            #expect(report.unmatchedOwners == ["Nobody Known", "rita rep"])
            #expect(report.dealsCreated == 4 && report.accountsCreated == 2 && report.debriefsOpened == 1)
            #expect(again.dealsUnchanged == 4 && again.dealsUpdated == 0 && again.dealsCreated == 0, "an unchanged file changes nothing")
            #expect(afterRehearsal.isEmpty && rehearsal.wroteNothing)
            let noted = try await repositories.lossReasons.lossReasonMappings(of: ada.teamID)
            #expect(noted.map(\.crmReason) == ["preis"] && noted.first?.confirmed == false, "an import notes its CRM loss reasons for an admin to confirm")
            #expect(rehearsal.dealsCreated == report.dealsCreated && rehearsal.debriefsOpened == report.debriefsOpened
                && rehearsal.unmatchedOwners == report.unmatchedOwners, "a dry run reports what the import then does")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aHubSpotExportReadsSymbolsCurrencyColumnsOffsetsAndOwnerEmails(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (ada, rita, otto) = try await team(repositories)
            let report = try await CRMImporter(repositories: repositories)
                .run(file: Self.fixture("hubspot-us.csv"), mapping: .hubspot, importer: ada, options: ImportOptions())
            let stored = try await deals(repositories, ada.teamID)

            #expect(report.badRows.isEmpty, "\(report.badRows)")
            #expect(stored["201"]?.value == Money(minorUnits: 123_456, currency: "USD"))
            #expect(stored["202"]?.value == Money(minorUnits: 4_800_000, currency: "USD"), "$48,000 reads as the file's other amounts do")
            #expect(stored["203"]?.value == Money(minorUnits: 1_200_000, currency: "JPY"), "¥ is yen, not dollars")
            #expect(stored["204"]?.value == Money(minorUnits: 120_050, currency: "EUR"), "the currency column wins over the default")
            #expect(stored["205"]?.value == Money(minorUnits: -123_400, currency: "USD"))
            #expect(stored["201"]?.closeDate == Self.utc(2026, 2, 27))
            #expect(stored["202"]?.closeDate == Self.utc(2026, 2, 27, 15, 4), "an offset is honoured")
            #expect(stored["201"]?.ownerID == rita.id && stored["202"]?.ownerID == otto.id && stored["204"]?.ownerID == otto.id)
            #expect(report.unmatchedOwners == ["ghost@acme.test"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func symbolsAndCodesBeforeOrAfterAndEveryGroupingAreRead(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (ada, _, _) = try await team(repositories)
            let report = try await CRMImporter(repositories: repositories)
                .run(file: Self.fixture("generic-symbols.csv"), mapping: .generic, importer: ada, options: ImportOptions())
            let stored = try await deals(repositories, ada.teamID)

            #expect(report.badRows.isEmpty, "\(report.badRows)")
            #expect(stored["G1"]?.value == Money(minorUnits: 123_450, currency: "CHF"))
            #expect(stored["G2"]?.value == Money(minorUnits: 123_456, currency: "EUR"))
            #expect(stored["G3"]?.value == Money(minorUnits: 123_456, currency: "EUR"))
            #expect(stored["G4"]?.value == Money(minorUnits: 12_345_600, currency: "INR"))
            #expect(stored["G5"]?.value == Money(minorUnits: 123_456, currency: "BRL"))
            #expect(stored["G6"]?.value == Money(minorUnits: 120_000, currency: "EUR"))
            #expect(stored["G7"]?.value == Money(minorUnits: 120_000, currency: "USD"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func ambiguousValuesAreLineErrorsUntilTheFileOrTheImporterSaysHowToReadThem(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (ada, _, _) = try await team(repositories)
            let run = CRMImporter(repositories: repositories)
            let refused = try await run.run(file: Self.fixture("ambiguous.csv"), mapping: .generic, importer: ada, options: ImportOptions())
            var stated = ImportOptions()
            stated.numberConvention = NumberConvention(locale: "de-DE")
            stated.dateOrder = .dmy
            stated.defaultCurrency = "SEK"
            let accepted = try await run.run(file: Self.fixture("ambiguous.csv"), mapping: .generic, importer: ada, options: stated)
            let dayFirst = try await run.run(file: Self.fixture("day-first.csv"), mapping: .generic, importer: ada, options: ImportOptions())
            let stored = try await deals(repositories, ada.teamID)

            #expect(refused.badRows.map(\.line) == [2, 3, 4] && refused.wroteNothing)
            #expect(refused.badRows[0].reason.contains("could be 1234 or 1.234") && refused.badRows[0].reason.contains("03/04/2026"))
            #expect(refused.badRows[2].reason.contains("SEK, NOK, DKK, ISK"))
            #expect(accepted.badRows.isEmpty, "\(accepted.badRows)")
            #expect(stored["A1"]?.value == Money(minorUnits: 123_400, currency: "SEK") && stored["A1"]?.closeDate == Self.utc(2026, 4, 3))
            #expect(stored["A2"]?.value == Money(minorUnits: 250, currency: "SEK"), "2,500 in de-DE is two and a half")
            #expect(stored["A3"]?.value == Money(minorUnits: 10_000, currency: "SEK"), "kr with SEK as the default")
            #expect(dayFirst.badRows.isEmpty && dayFirst.dateOrder == .dmy && dayFirst.numberConvention == .commaDecimal)
            #expect(stored["D1"]?.value == Money(minorUnits: 123_450, currency: "USD") && stored["D1"]?.closeDate == Self.utc(2026, 2, 27))
            #expect(stored["D2"]?.value == Money(minorUnits: 123_400, currency: "USD") && stored["D2"]?.closeDate == Self.utc(2026, 4, 3),
                "03/04/2026 is 3 April in a file whose other dates are day first")
        }
    }
}
