import CSV
import Domain
import Foundation
import Storage


/// Which CRM wrote the file, and so which columns to read.
public enum ImportFormat: String, ClosedSet {
    case csv, salesforce, hubspot
}

/// Where each field lives in the file: a column header per field.
public struct ColumnMapping: Sendable, Equatable {
    public var dealID: String
    public var dealName: String
    public var accountName: String
    public var accountID: String?
    public var amount: String?
    public var currency: String?
    public var closeDate: String?
    public var stage: String
    public var lostReason: String?
    public var ownerEmail: String?
    /// The owner's name, matched exactly when no email matches.
    public var owner: String?
    public var industry: String?

    /// A Salesforce "Opportunities" report exported as CSV.
    public static let salesforce = ColumnMapping(
        dealID: "Opportunity ID", dealName: "Opportunity Name", accountName: "Account Name", accountID: "Account ID", amount: "Amount",
        currency: "Opportunity Currency", closeDate: "Close Date", stage: "Stage", lostReason: "Loss Reason", ownerEmail: "Opportunity Owner Email",
        owner: "Opportunity Owner", industry: "Industry")

    /// A HubSpot deals export.
    public static let hubspot = ColumnMapping(
        dealID: "Record ID", dealName: "Deal Name", accountName: "Associated Company", accountID: "Associated Company IDs", amount: "Amount",
        currency: "Currency", closeDate: "Close Date", stage: "Deal Stage", lostReason: "Closed Lost Reason", ownerEmail: "Deal Owner Email",
        owner: "Deal Owner", industry: nil)

    /// Generic CSV: these header names unless `--mapping` says otherwise.
    public static let generic = ColumnMapping(
        dealID: "crmId", dealName: "name", accountName: "account", accountID: "accountCrmId", amount: "amount", currency: "currency",
        closeDate: "closeDate", stage: "status", lostReason: "lostReason", ownerEmail: "ownerEmail", owner: "owner", industry: "industry")

    public static func forFormat(_ format: ImportFormat) -> ColumnMapping {
        switch format {
        case .csv: generic
        case .salesforce: salesforce
        case .hubspot: hubspot
        }
    }

    /// Applies `field=Column,field=Column` overrides, e.g. `name=Deal,account=Company`.
    public func overridden(by spec: String) throws -> ColumnMapping {
        var mapping = self
        for pair in spec.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw DomainError.invalid("mapping", "write field=Column pairs separated by commas, got \"\(pair)\"") }
            switch parts[0] {
            case "crmId": mapping.dealID = parts[1]
            case "name": mapping.dealName = parts[1]
            case "account": mapping.accountName = parts[1]
            case "accountCrmId": mapping.accountID = parts[1]
            case "amount": mapping.amount = parts[1]
            case "currency": mapping.currency = parts[1]
            case "closeDate": mapping.closeDate = parts[1]
            case "status": mapping.stage = parts[1]
            case "lostReason": mapping.lostReason = parts[1]
            case "ownerEmail": mapping.ownerEmail = parts[1]
            case "owner": mapping.owner = parts[1]
            case "industry": mapping.industry = parts[1]
            default:
                throw DomainError.invalid(
                    "mapping", "unknown field \"\(parts[0])\"; fields are crmId, name, account, accountCrmId, amount, currency, closeDate, status, lostReason, ownerEmail, owner, industry")
            }
        }
        return mapping
    }
}

public struct ImportOptions: Sendable {
    public var dryRun = false
    public var skipInvalid = false
    public var openDebriefs = true
    /// Currency for amounts without one.
    public var defaultCurrency = "USD"
    /// How the file writes decimals (`--locale`); inferred from its unambiguous amounts when nil.
    public var numberConvention: NumberConvention?
    /// Month or day first in slashed dates (`--date-order`); inferred from unambiguous dates when nil.
    public var dateOrder: DateOrder?
    public init() {}
}

/// What an import did, or would do.
public struct ImportReport: Sendable, Equatable {
    public struct BadRow: Error, Sendable, Equatable {
        /// The line in the file where the row starts (the header is line 1).
        public let line: Int
        public let reason: String
    }

    public var rows = 0
    public var badRows: [BadRow] = []
    public var accountsCreated = 0
    public var dealsCreated = 0
    public var dealsUpdated = 0
    /// Known deals the file describes exactly as they are stored: nothing to write.
    public var dealsUnchanged = 0
    public var debriefsOpened = 0
    /// Owner emails or names in the file that match no member; their deals get no owner.
    public var unmatchedOwners: [String] = []
    /// What the file's rows told about its conventions (or what was stated).
    public var numberConvention: NumberConvention?
    public var dateOrder: DateOrder?
    /// True when nothing was written (a dry run, or a file with bad rows and no `--skip-invalid`).
    public var wroteNothing = true

    public var summary: String {
        var lines: [String] = []
        for bad in badRows { lines.append("line \(bad.line): \(bad.reason)") }
        if !unmatchedOwners.isEmpty {
            lines.append("owners that match no member (their deals get no owner): " + unmatchedOwners.joined(separator: ", "))
        }
        lines.append(
            "\(rows) rows, \(badRows.count) bad; accounts created \(accountsCreated), deals created \(dealsCreated), updated \(dealsUpdated), unchanged \(dealsUnchanged), debriefs opened \(debriefsOpened)"
                + (wroteNothing ? " — nothing was written" : ""))
        return lines.joined(separator: "\n")
    }
}

/// One validated row.
struct ImportRow {
    let line: Int
    let dealID: String
    let dealName: String
    let accountName: String
    let accountID: String?
    let industry: String?
    let value: Money?
    let closeDate: Date?
    let stage: DealStatus
    let lostReason: String?
    let ownerEmail: String?
    let ownerName: String?
}

/// Imports deals and accounts from a CRM export: validated first, so by default a file with any bad
/// row changes nothing; keyed by CRM id, so importing the same file again creates no duplicates.
/// Files are read as a stream, twice (validate, then apply), so memory stays flat however big they are.
public struct CRMImporter: Sendable {
    let repositories: Repositories
    let now: @Sendable () -> Date

    public init(repositories: Repositories, now: @escaping @Sendable () -> Date = { Date() }) {
        self.repositories = repositories
        self.now = now
    }

    /// Rows applied per transaction.
    static let batchSize = 1000

    public func run(
        file: String, mapping: ColumnMapping, importer: Member, options: ImportOptions, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ImportReport {
        var report = ImportReport()
        // What the file's own unambiguous rows say about how it writes decimals and dates, unless stated.
        var options = options
        let conventions = try Self.conventions(file: file, mapping: mapping, options: options)
        options.numberConvention = options.numberConvention ?? conventions.numbers
        options.dateOrder = options.dateOrder ?? conventions.dates
        report.numberConvention = options.numberConvention
        report.dateOrder = options.dateOrder
        let validation = try RowStream(file: file, mapping: mapping, options: options)
        while let row = try validation.next() {
            report.rows += 1
            if case .failure(let bad) = row { report.badRows.append(bad) }
        }
        if !report.badRows.isEmpty && !options.skipInvalid { return report }
        let members = try await repositories.members.members(in: importer.teamID)
        // The file is read again, a batch at a time, so memory stays flat however long it is. Rows are
        // applied in order; a deal listed twice is updated, never duplicated. Every batch is written in
        // one transaction: a failure, or the process dying, anywhere in the file leaves the database as
        // it was. (On SQLite other writes wait for the import to finish.)
        let validated = report
        let settled = options
        let dryRun = options.dryRun
        do {
            return try await write(validated, file: file, mapping: mapping, importer: importer, members: members, options: settled, progress: progress)
        } catch let rehearsal as DryRun where dryRun {
            // A dry run does everything a real one does, in a transaction that is rolled back, so its
            // report is the real one's: created, updated, unchanged, debriefs, owners.
            var report = rehearsal.report
            report.wroteNothing = true
            return report
        }
    }

    /// Thrown at the end of a dry run to roll its transaction back, carrying the report.
    struct DryRun: Error {
        let report: ImportReport
    }

    private func write(
        _ validated: ImportReport, file: String, mapping: ColumnMapping, importer: Member, members: [Member], options: ImportOptions,
        progress: (@Sendable (Int) -> Void)?
    ) async throws -> ImportReport {
        var written = try await repositories.bulk.atomically { repositories in
            var report = validated
            let rows = try RowStream(file: file, mapping: mapping, options: options)
            var chunk: [ImportRow] = []
            var applied = 0
            while let row = try rows.next() {
                guard case .success(let good) = row else { continue }
                chunk.append(good)
                if chunk.count == Self.batchSize {
                    try await self.apply(chunk, repositories: repositories, importer: importer, members: members, options: options, report: &report)
                    applied += chunk.count
                    chunk.removeAll(keepingCapacity: true)
                    progress?(applied)
                }
            }
            try await self.apply(chunk, repositories: repositories, importer: importer, members: members, options: options, report: &report)
            progress?(applied + chunk.count)
            if options.dryRun { throw DryRun(report: report) }
            return report
        }
        written.wroteNothing = false
        return written
    }

    /// Reads the amount and date columns once to learn the file's conventions from its unambiguous
    /// values. A file that shows both conventions has none: its ambiguous values are line errors.
    static func conventions(file: String, mapping: ColumnMapping, options: ImportOptions) throws -> (numbers: NumberConvention?, dates: DateOrder?) {
        let stream = try RowStream(file: file, mapping: mapping, options: options)
        var numbers = Set<NumberConvention>()
        var dates = Set<DateOrder>()
        while let cells = stream.nextCells() {
            if let amount = cells(mapping.amount), case .amount(_, _, let shows?) = AmountText.read(amount, convention: nil) { numbers.insert(shows) }
            if let date = cells(mapping.closeDate), case .date(_, let shows?) = DateText.read(date, order: nil) { dates.insert(shows) }
        }
        return (numbers.count == 1 ? numbers.first : nil, dates.count == 1 ? dates.first : nil)
    }

    static func validate(line: Int, value cell: (String?) -> String?, mapping: ColumnMapping, options: ImportOptions) -> Result<ImportRow, ImportReport.BadRow> {
        var problems: [String] = []
        var controls: [String] = []
        func value(_ column: String?) -> String? {
            let text = cell(column)
            if let text, let column, TextRules.hasForbiddenControl(text), !controls.contains(column) { controls.append(column) }
            return text
        }
        let dealID = value(mapping.dealID)
        if dealID == nil { problems.append("\(mapping.dealID) is empty") }
        let name = value(mapping.dealName)
        if name == nil { problems.append("\(mapping.dealName) is empty") }
        let account = value(mapping.accountName)
        if account == nil { problems.append("\(mapping.accountName) is empty") }
        var money: Money?
        if let raw = value(mapping.amount) {
            let column = mapping.amount ?? "amount"
            let stated = value(mapping.currency).map { Currency.code(for: $0) ?? $0.uppercased() }
            switch AmountText.read(raw, convention: options.numberConvention, defaultCurrency: stated ?? options.defaultCurrency) {
            case .amount(let amount, let written, _):
                if let stated, let written, stated != written {
                    problems.append("\(column) \"\(raw)\" is in \(written) but \(mapping.currency ?? "the currency column") says \(stated)")
                } else {
                    // A currency column wins over the default; a symbol in the amount says the same.
                    var v = Validator()
                    money = Money.parse(amount: amount, currency: stated ?? written ?? options.defaultCurrency, field: "", into: &v)
                    problems += v.errors.map { "\(column) \"\(raw)\": \($0.message)" }
                }
            case .ambiguous(let reason):
                problems.append("\(column) \(reason)")
            case .invalid(let reason):
                problems.append("\(column) \"\(raw)\" \(reason)")
            }
        }
        var closeDate: Date?
        if let raw = value(mapping.closeDate) {
            let column = mapping.closeDate ?? "close date"
            switch DateText.read(raw, order: options.dateOrder) {
            case .date(let date, _): closeDate = date
            case .ambiguous(let reason): problems.append("\(column) \(reason)")
            case .invalid(let reason): problems.append("\(column) \"\(raw)\" \(reason)")
            }
        }
        let stage = value(mapping.stage).map(parseStage) ?? nil
        if stage == nil { problems.append("\(mapping.stage) \"\(value(mapping.stage) ?? "")\" is not a stage Rebound understands") }
        let row = ImportRow(
            line: line, dealID: dealID ?? "", dealName: name ?? "", accountName: account ?? "", accountID: value(mapping.accountID),
            industry: value(mapping.industry), value: money, closeDate: closeDate, stage: stage ?? .open, lostReason: value(mapping.lostReason),
            ownerEmail: value(mapping.ownerEmail)?.lowercased(), ownerName: value(mapping.owner))
        problems += controls.map { "\($0): \(TextRules.controlMessage)" }
        // Every check the writer makes (lengths included), so that a file that passes here is written whole.
        if problems.isEmpty { problems += writerProblems(row, mapping: mapping) }
        guard problems.isEmpty, dealID != nil, name != nil, account != nil, stage != nil else {
            return .failure(.init(line: line, reason: problems.joined(separator: "; ")))
        }
        return .success(row)
    }

    /// What `Account.validate()` and `Deal.validate()` would refuse when the row is written, in the file's column names.
    static func writerProblems(_ row: ImportRow, mapping: ColumnMapping) -> [String] {
        let columns = [
            "name": mapping.dealName, "crmId": mapping.dealID, "lostReason": mapping.lostReason ?? "lost reason",
            "industry": mapping.industry ?? "industry",
        ]
        var problems: [String] = []
        var account = Account(teamID: TeamID(), name: row.accountName, industry: row.industry, crmID: row.accountID, createdAt: Date())
        do { try account.validate() } catch DomainError.invalid(let errors) {
            let accountColumns = ["name": mapping.accountName, "crmId": mapping.accountID ?? "account id", "industry": mapping.industry ?? "industry"]
            problems += errors.map { "\(accountColumns[$0.field] ?? $0.field) \($0.message)" }
        } catch {}
        var deal = Deal(teamID: TeamID(), accountID: account.id, name: row.dealName, crmID: row.dealID, createdAt: Date())
        deal.value = row.value
        deal.closeDate = row.closeDate
        _ = deal.changeStatus(to: row.stage, at: Date())
        deal.lostReason = row.stage.isFailure ? row.lostReason : nil
        do { try deal.validate() } catch DomainError.invalid(let errors) {
            problems += errors.map { "\(columns[$0.field] ?? $0.field) \($0.message)" }
        } catch {}
        return problems
    }

    /// CRM stages: Salesforce "Closed Won"/"Closed Lost", HubSpot "closedwon"/"closedlost", or Rebound's own.
    static func parseStage(_ raw: String) -> DealStatus? {
        let key = raw.lowercased().filter { $0.isLetter }
        switch key {
        case "closedwon", "won": return .won
        case "closedlost", "lost": return .lost
        case "cancelled", "canceled", "churned", "closedcancelled": return .cancelled
        case "": return nil
        default: return .open
        }
    }

    /// One batch: the accounts and deals it names are looked up together first. A batch the database
    /// refuses is reported by its lines; the caller's transaction then writes nothing at all.
    private func apply(
        _ rows: [ImportRow], repositories: Repositories, importer: Member, members: [Member], options: ImportOptions, report: inout ImportReport
    ) async throws {
        guard !rows.isEmpty else { return }
        do {
            try await applyBatch(rows, repositories: repositories, importer: importer, members: members, options: options, report: &report)
        } catch let error as DomainError {
            throw DomainError.invalid("file", "lines \(rows[0].line)–\(rows[rows.count - 1].line): \(Self.describe(error)); nothing was imported")
        } catch {
            throw DomainError.invalid(
                "file", "lines \(rows[0].line)–\(rows[rows.count - 1].line) could not be stored (\(String(String(describing: error).prefix(200)))); nothing was imported")
        }
    }

    static func describe(_ error: DomainError) -> String {
        switch error {
        case .invalid(let errors): errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .conflict(let detail), .forbidden(let detail): detail
        case .notFound(let what): "\(what) not found"
        }
    }

    private func applyBatch(
        _ rows: [ImportRow], repositories: Repositories, importer: Member, members: [Member], options: ImportOptions, report: inout ImportReport
    ) async throws {
        let team = importer.teamID
        let at = now()
        let bulk = repositories.bulk
        var accountsByCRM = try await bulk.accounts(in: team, crmIDs: Array(Set(rows.compactMap(\.accountID))))
        var accountsByName = try await bulk.accounts(in: team, names: Array(Set(rows.map(\.accountName))))
        let stored = try await bulk.deals(in: team, crmIDs: Array(Set(rows.map(\.dealID))))
        let debriefed = options.openDebriefs
            ? try await bulk.dealsWithDebriefs(rows.filter(\.stage.isFailure).compactMap { stored[$0.dealID]?.id }, in: team) : []
        var batch = WriteBatch()
        let opener = DebriefOpener(repositories: repositories)
        let known = try await opener.known(for: team)
        // Deals touched in this batch, by CRM id: new ones are inserted, known ones saved, once each.
        var touched: [String: Deal] = [:]
        var order: [String] = []
        var opened = Set<DealID>()
        for row in rows {
            var account = row.accountID.flatMap { accountsByCRM[$0] } ?? accountsByName[row.accountName.lowercased()]
            if account == nil {
                var created = Account(teamID: team, name: row.accountName, industry: row.industry, crmID: row.accountID, createdAt: at)
                try created.validate()
                batch.accounts.append(created)
                report.accountsCreated += 1
                if let crm = created.crmID { accountsByCRM[crm] = created }
                accountsByName[created.name.lowercased()] = created
                account = created
            }
            // The owner by email, then by exact name; nothing is invented for an owner who matches nobody.
            let owner = row.ownerEmail.flatMap { email in members.first { $0.email.lowercased() == email }?.id }
                ?? row.ownerName.flatMap { name in members.first { $0.name == name }?.id }
            if owner == nil, let written = row.ownerEmail ?? row.ownerName, !report.unmatchedOwners.contains(written) {
                report.unmatchedOwners.append(written)
            }
            var deal = touched[row.dealID] ?? stored[row.dealID]
                ?? Deal(teamID: team, accountID: account!.id, name: row.dealName, crmID: row.dealID, ownerID: owner, createdAt: at)
            if touched[row.dealID] == nil { order.append(row.dealID) }
            deal.accountID = account!.id
            deal.name = row.dealName
            if let value = row.value { deal.value = value }
            if let close = row.closeDate { deal.closeDate = close }
            if let owner { deal.ownerID = owner }
            // The CRM's close date is when the deal was lost: the debrief's clock starts there, not at import time.
            let failed = deal.changeStatus(to: row.stage, at: row.closeDate.map { min($0, at) } ?? at)
            deal.lostReason = row.stage.isFailure ? (row.lostReason ?? deal.lostReason) : nil
            deal.updatedAt = at
            try deal.validate()
            if failed, options.openDebriefs, !debriefed.contains(deal.id), !opened.contains(deal.id) {
                batch.debriefs.append(
                    stored[row.dealID] == nil
                        ? opener.forNewDeal(deal, opener: importer, now: at, known: known)
                        : try await opener.forDeal(deal, opener: importer, now: at))
                opened.insert(deal.id)
                report.debriefsOpened += 1
            }
            touched[row.dealID] = deal
        }
        for crm in order {
            guard let deal = touched[crm] else { continue }
            if let before = stored[crm] {
                var same = deal
                same.updatedAt = before.updatedAt
                if same == before {
                    report.dealsUnchanged += 1
                } else {
                    batch.updatedDeals.append(deal)
                    report.dealsUpdated += 1
                }
            } else {
                batch.deals.append(deal)
                report.dealsCreated += 1
            }
        }
        try await bulk.write(batch)
        try await LossReasonMapping.note(rows.map(\.lostReason), team: team, repositories: repositories, at: at)
    }
}

/// Reads a CRM export row by row (CSV.swift streams from the file), validating each.
final class RowStream {
    private let reader: CSVReader
    private let index: [String: Int]
    private let mapping: ColumnMapping
    private let options: ImportOptions
    private var line = 2

    init(file: String, mapping: ColumnMapping, options: ImportOptions) throws {
        guard let stream = InputStream(fileAtPath: file) else { throw DomainError.invalid("file", "cannot read \(file)") }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw DomainError.invalid("file", "\(file) is not a CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let required = [("crmId", mapping.dealID), ("name", mapping.dealName), ("account", mapping.accountName), ("status", mapping.stage)]
        let missing = required.filter { columns[$0.1] == nil }.map { "\($0.1) (\($0.0))" }
        guard missing.isEmpty else {
            throw DomainError.invalid("file", "the header has no column \(missing.joined(separator: ", ")); found: \(header.joined(separator: ", "))")
        }
        index = columns
        self.mapping = mapping
        self.options = options
    }

    /// The next non-blank row, validated; nil at the end of the file.
    func next() throws -> Result<ImportRow, ImportReport.BadRow>? {
        guard let (start, value) = nextRow() else {
            // CSV.swift reports the end of the stream as `cannotReadFile`; anything else (bad UTF-8, a stream error) is real.
            if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
                throw DomainError.invalid("file", "the file could not be read past line \(line): \(error)")
            }
            return nil
        }
        return CRMImporter.validate(line: start, value: value, mapping: mapping, options: options)
    }

    /// The next non-blank row's cells by column name, unvalidated.
    func nextCells() -> ((String?) -> String?)? {
        nextRow()?.cells
    }

    private func nextRow() -> (line: Int, cells: (String?) -> String?)? {
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let index = self.index
            return (start, { column in
                guard let column, let position = index[column], position < fields.count else { return nil }
                let text = fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            })
        }
        return nil
    }
}
