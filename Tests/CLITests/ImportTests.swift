import App
import Domain
import Features
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport
import SQLKit
import Web

/// `rebound import`: CRM exports as those tools write them; validated first; keyed by CRM id.
@Suite struct ImportTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    func importer(_ repositories: Repositories) async throws -> Member {
        try await addUser(
            repositories: repositories, teamName: "Acme", name: "Ada", email: "ada@acme.test", role: .admin, password: "long enough pw",
            expertise: [], bcryptCost: 4
        ).member
    }

    @Test(arguments: TestDatabase.enabled)
    func aSalesforceExportImportsOnceAndClosedLostOpensADebrief(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)
            let run = CRMImporter(repositories: repositories)

            let first = try await run.run(file: Self.fixture("salesforce-opportunities.csv"), mapping: .salesforce, importer: ada, options: ImportOptions())
            let second = try await run.run(file: Self.fixture("salesforce-opportunities.csv"), mapping: .salesforce, importer: ada, options: ImportOptions())
            let deals = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items
            let accounts = try await repositories.accounts.accounts(in: ada.teamID, filter: AccountFilter(), page: Paging()).items
            let lost = try #require(deals.first { $0.crmID == "006A1" })
            let debriefs = try await repositories.debriefs.debriefs(in: ada.teamID, filter: DebriefFilter(), page: Paging()).items

            #expect(first.badRows.isEmpty)
            #expect(first.rows == 3)
            #expect(first.dealsCreated == 3 && first.accountsCreated == 3 && first.debriefsOpened == 1)
            #expect(second.dealsCreated == 0 && second.dealsUpdated == 0 && second.dealsUnchanged == 3 && second.accountsCreated == 0 && second.debriefsOpened == 0)
            #expect(deals.count == 3)
            #expect(Set(accounts.map(\.name)) == ["Müller Logistik GmbH", "Initech", "Zoë & Co"])
            #expect(lost.name == "Fleet renewal, phase 2")
            #expect(lost.value == Money(minorUnits: 4_800_000, currency: "USD"))
            #expect(lost.status == .lost)
            #expect(lost.lostReason == "Went with a \"cheaper\" vendor\r\nafter a price review" || lost.lostReason == "Went with a \"cheaper\" vendor\nafter a price review")
            #expect(lost.failedAt.map { CalendarDayText.format($0) } == "2026-11-20")
            #expect(deals.first { $0.crmID == "006A3" }?.value == Money(minorUnits: 125_050, currency: "USD"))
            #expect(debriefs.count == 1)
            #expect(debriefs.first?.eventAt == lost.failedAt)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aFileLongerThanABatchKeepsDealsAndAccountsUniqueAcrossBatches(database: TestDatabase) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-import-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv = "crmId,name,account,status,closeDate\n"
        for index in 0..<2_500 { csv += "D-\(index),Deal \(index),Account \(index % 7),open,2026-11-01\n" }
        // The first deal again, in the last batch: it is lost now, so it is updated and its debrief opened once.
        csv += "D-0,Deal 0,account 0,lost,2026-11-02\n"
        try csv.write(to: file, atomically: true, encoding: .utf8)
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)
            let run = CRMImporter(repositories: repositories)

            let first = try await run.run(file: file.path, mapping: .generic, importer: ada, options: ImportOptions())
            let again = try await run.run(file: file.path, mapping: .generic, importer: ada, options: ImportOptions())
            let accounts = try await repositories.accounts.accounts(in: ada.teamID, filter: AccountFilter(), page: Paging(limit: 100)).items
            let debriefs = try await repositories.debriefs.debriefs(in: ada.teamID, filter: DebriefFilter(), page: Paging()).items
            let lost = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(status: .lost), page: Paging()).items

            #expect(first.rows == 2_501)
            #expect(first.dealsCreated == 2_500 && first.dealsUpdated == 1, "D-0 is created in the first batch and updated in the last")
            #expect(first.accountsCreated == 7, "\"account 0\" is the same account as \"Account 0\"")
            #expect(first.debriefsOpened == 1)
            #expect(again.dealsCreated == 0 && again.accountsCreated == 0 && again.debriefsOpened == 0)
            #expect(accounts.count == 7)
            #expect(lost.map(\.crmID) == ["D-0"])
            #expect(debriefs.count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aFileWithBadRowsChangesNothingAndSaysWhichLines(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)
            let run = CRMImporter(repositories: repositories)
            let file = Self.fixture("hubspot-deals-with-errors.csv")
            var dryRun = ImportOptions()
            dryRun.dryRun = true
            var skip = ImportOptions()
            skip.skipInvalid = true

            let refused = try await run.run(file: file, mapping: .hubspot, importer: ada, options: ImportOptions())
            let dealsAfterRefusal = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items
            let dry = try await run.run(file: file, mapping: .hubspot, importer: ada, options: dryRun)
            let dealsAfterDryRun = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items
            let skipped = try await run.run(file: file, mapping: .hubspot, importer: ada, options: skip)
            let deals = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items

            #expect(refused.badRows.map(\.line) == [3, 4])
            #expect(refused.badRows[0].reason.contains("not-a-number"))
            #expect(refused.badRows[1].reason.contains("31/02/2026"))
            #expect(refused.wroteNothing)
            #expect(dealsAfterRefusal.isEmpty)
            #expect(dry.wroteNothing && dealsAfterDryRun.isEmpty)
            #expect(!skipped.wroteNothing)
            #expect(skipped.dealsCreated == 2 && skipped.debriefsOpened == 1)
            #expect(Set(deals.compactMap(\.crmID)) == ["101", "104"])
            #expect(deals.first { $0.crmID == "101" }?.value == Money(minorUnits: 900_000, currency: "USD"))
        }
    }

    @Test func aFileWithoutTheNeededColumnsIsRefusedWithTheirNames() async throws {
        try await TestDatabase.sqlite.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)

            let error = await #expect(throws: DomainError.self) {
                try await CRMImporter(repositories: repositories).run(
                    file: Self.fixture("hubspot-deals-with-errors.csv"), mapping: .salesforce, importer: ada, options: ImportOptions())
            }

            #expect("\(error.map { "\($0)" } ?? "")".contains("Opportunity ID"))
        }
    }

    @Test func genericMappingsNameTheirFields() throws {
        let mapping = try ColumnMapping.generic.overridden(by: "name=Deal, account=Company")

        #expect(mapping.dealName == "Deal" && mapping.accountName == "Company")
        #expect(throws: DomainError.self) { try ColumnMapping.generic.overridden(by: "colour=Red") }
    }

    /// A file with 2,500 good rows, one of which is `poison` at the given row.
    /// Rows are read ahead on another thread in chunks: past many chunks they still come in file order,
    /// with the lines they start on (quoted line breaks and blank rows counted), and a stream left
    /// unread ends its thread instead of blocking.
    @Test func rowsReadAheadComeInFileOrderWithTheirLines() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-import-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv = "crmId,name,account,status\r\n"
        var lines: [Int] = []
        var line = 2
        for index in 0..<6_000 {
            if index % 1_000 == 999 {
                csv += " \r\n"
                line += 1
            }
            let multiline = index % 97 == 0
            csv += "D-\(index),\(multiline ? "\"Deal\r\n\(index)\"" : "Deal \(index)"),Account,\(index == 5_321 ? "" : "open")\r\n"
            lines.append(line)
            line += multiline ? 2 : 1
        }
        try csv.write(to: file, atomically: true, encoding: .utf8)

        let rows = try RowStream(file: file.path, mapping: .generic, options: ImportOptions())
        var seen: [(line: Int, id: String)] = []
        while let row = try rows.next() {
            switch row {
            case .success(let good): seen.append((good.line, good.dealID))
            case .failure(let bad): seen.append((bad.line, "bad"))
            }
        }
        #expect(seen.map(\.line) == lines)
        #expect(seen.map(\.id) == (0..<6_000).map { $0 == 5_321 ? "bad" : "D-\($0)" })
        #expect(try rows.next() == nil, "the end stays the end")
        for _ in 0..<20 {
            let abandoned = try RowStream(file: file.path, mapping: .generic, options: ImportOptions())
            _ = try abandoned.next()
        }
    }

    func file(poisonAt poison: Int, name: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-import-\(UUID()).csv")
        var csv = "crmId,name,account,status,closeDate\n"
        for index in 0..<2_500 { csv += "D-\(index),\(index == poison ? name : "Deal \(index)"),Account \(index % 7),lost,2026-11-01\n" }
        try csv.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(arguments: TestDatabase.enabled)
    func theFirstPassRunsTheWritersChecksSoABadLastRowWritesNothing(database: TestDatabase) async throws {
        let long = try file(poisonAt: 2_400, name: String(repeating: "x", count: 300))
        let control = try file(poisonAt: 2_450, name: "Fleet\u{1}renewal")
        defer { for f in [long, control] { try? FileManager.default.removeItem(at: f) } }
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)
            let first = try await CRMImporter(repositories: repositories).run(file: long.path, mapping: .generic, importer: ada, options: ImportOptions())
            let second = try await CRMImporter(repositories: repositories).run(file: control.path, mapping: .generic, importer: ada, options: ImportOptions())
            let deals = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items

            #expect(first.wroteNothing && second.wroteNothing)
            #expect(first.badRows.map(\.line) == [2_402], "the header is line 1, so row 2,400 is line 2,402")
            #expect(first.badRows.first?.reason.contains("at most 200") == true, "\(first.badRows)")
            #expect(second.badRows.map(\.line) == [2_452])
            #expect(deals.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRowTheDatabaseRefusesLeavesTheDatabaseAsItWasAndNamesItsLines(database: TestDatabase) async throws {
        let poisoned = try file(poisonAt: 2_300, name: "poison")
        defer { try? FileManager.default.removeItem(at: poisoned) }
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let ada = try await importer(repositories)
            // A trigger stands in for anything the database refuses that validation cannot foresee
            // (a disk full, a constraint added by hand): the third batch fails after two were written.
            let sql = service.database() as! any SQLDatabase
            if sql.dialect.name == "sqlite" {
                try await sql.raw("CREATE TRIGGER poison BEFORE INSERT ON deals WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END").run()
            } else {
                try await sql.raw("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql").run()
                try await sql.raw("CREATE TRIGGER poison BEFORE INSERT ON deals FOR EACH ROW EXECUTE FUNCTION poison()").run()
            }
            var refusal: String?
            do {
                _ = try await CRMImporter(repositories: repositories).run(file: poisoned.path, mapping: .generic, importer: ada, options: ImportOptions())
            } catch DomainError.invalid(let errors) {
                refusal = errors.first?.message
            }
            let deals = try await repositories.deals.deals(in: ada.teamID, filter: DealFilter(), page: Paging()).items
            let accounts = try await repositories.accounts.accounts(in: ada.teamID, filter: AccountFilter(), page: Paging()).items
            let debriefs = try await repositories.debriefs.debriefs(in: ada.teamID, filter: DebriefFilter(), page: Paging()).items

            #expect(refusal?.contains("lines 2002–2501") == true, "\(refusal ?? "no error")")
            #expect(deals.isEmpty && accounts.isEmpty && debriefs.isEmpty, "the first two batches were rolled back too")
        }
    }
}

enum CalendarDayText {
    static func format(_ date: Date) -> String { String(date.formatted(.iso8601).prefix(10)) }
}
