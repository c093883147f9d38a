import Domain
import Foundation
import Storage

/// Imports deals and accounts from a CRM export: validated first, so by default a file with any bad
/// row changes nothing; keyed by CRM id, so importing the same file again creates no duplicates.
/// Files are read as a stream, three times (conventions, validation, writing), so memory stays flat however big they are.
public struct CRMImporter: Sendable {
    public let repositories: Repositories
    public let now: @Sendable () -> Date

    public init(repositories: Repositories, now: @escaping @Sendable () -> Date = { Date() }) {
        self.repositories = repositories
        self.now = now
    }

    /// Rows applied per transaction.
    public static let batchSize = 1000

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
    public struct DryRun: Error {
        let report: ImportReport
    }

    private func write(
        _ validated: ImportReport, file: String, mapping: ColumnMapping, importer: Member, members: [Member], options: ImportOptions,
        progress: (@Sendable (Int) -> Void)?
    ) async throws -> ImportReport {
        var written = try await repositories.bulk.atomically { repositories in
            var report = validated
            let reader = ChunkReader(rows: try RowStream(file: file, mapping: mapping, options: options))
            // The next batch is read and validated on another thread while this one is written: reading
            // is as much work as writing, and the database works on a thread of its own.
            var pending = Task { try reader.next(Self.batchSize) }
            var applied = 0
            do {
                while true {
                    let chunk = try await pending.value
                    guard chunk.count == Self.batchSize else {
                        try await self.apply(chunk, repositories: repositories, importer: importer, members: members, options: options, report: &report)
                        progress?(applied + chunk.count)
                        break
                    }
                    pending = Task { try reader.next(Self.batchSize) }
                    try await self.apply(chunk, repositories: repositories, importer: importer, members: members, options: options, report: &report)
                    applied += chunk.count
                    progress?(applied)
                }
            } catch {
                // The reader is not left working on a file whose import has failed.
                _ = try? await pending.value
                throw error
            }
            if options.dryRun { throw DryRun(report: report) }
            return report
        }
        written.wroteNothing = false
        return written
    }

    /// Hands a `RowStream` from task to task. `@unchecked Sendable` because one task at a time uses it:
    /// `write` awaits each read before it starts the next.
    final class ChunkReader: @unchecked Sendable {
        let rows: RowStream
        init(rows: RowStream) { self.rows = rows }

        /// Up to `count` valid rows; fewer only at the end of the file. Bad rows were reported by validation.
        func next(_ count: Int) throws -> [ImportRow] {
            var chunk: [ImportRow] = []
            chunk.reserveCapacity(count)
            while chunk.count < count, let row = try rows.next() {
                if case .success(let good) = row { chunk.append(good) }
            }
            return chunk
        }
    }

    /// Reads the amount and date columns once to learn the file's conventions from its unambiguous
    /// values. A file that shows both conventions has none: its ambiguous values are line errors.
    public static func conventions(file: String, mapping: ColumnMapping, options: ImportOptions) throws -> (numbers: NumberConvention?, dates: DateOrder?) {
        let stream = try RowStream(file: file, mapping: mapping, options: options)
        var numbers = Set<NumberConvention>()
        var dates = Set<DateOrder>()
        while let cells = stream.nextCells() {
            if let amount = cells(mapping.amount), case .amount(_, _, let shows?) = AmountText.read(amount, convention: nil) { numbers.insert(shows) }
            if let date = cells(mapping.closeDate), case .date(_, let shows?) = DateText.read(date, order: nil) { dates.insert(shows) }
        }
        return (numbers.count == 1 ? numbers.first : nil, dates.count == 1 ? dates.first : nil)
    }

    public static func validate(line: Int, value cell: (String?) -> String?, mapping: ColumnMapping, options: ImportOptions) -> Result<ImportRow, ImportReport.BadRow> {
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
    public static func writerProblems(_ row: ImportRow, mapping: ColumnMapping) -> [String] {
        // Ids and times play no part in the checks: fixed ones spare a random UUID and a clock read per entity and row.
        let columns = [
            "name": mapping.dealName, "crmId": mapping.dealID, "lostReason": mapping.lostReason ?? "lost reason",
            "industry": mapping.industry ?? "industry",
        ]
        var problems: [String] = []
        var account = Account(
            id: AccountID(placeholderID), teamID: TeamID(placeholderID), name: row.accountName, industry: row.industry, crmID: row.accountID,
            createdAt: placeholderDate)
        do { try account.validate() } catch DomainError.invalid(let errors) {
            let accountColumns = ["name": mapping.accountName, "crmId": mapping.accountID ?? "account id", "industry": mapping.industry ?? "industry"]
            problems += errors.map { "\(accountColumns[$0.field] ?? $0.field) \($0.message)" }
        } catch {}
        var deal = Deal(
            id: DealID(placeholderID), teamID: TeamID(placeholderID), accountID: account.id, name: row.dealName, crmID: row.dealID,
            createdAt: placeholderDate)
        deal.value = row.value
        deal.closeDate = row.closeDate
        _ = deal.changeStatus(to: row.stage, at: placeholderDate)
        deal.lostReason = row.stage.isFailure ? row.lostReason : nil
        do { try deal.validate() } catch DomainError.invalid(let errors) {
            problems += errors.map { "\(columns[$0.field] ?? $0.field) \($0.message)" }
        } catch {}
        return problems
    }

    static let placeholderID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    static let placeholderDate = Date(timeIntervalSince1970: 0)

    /// CRM stages: Salesforce "Closed Won"/"Closed Lost", HubSpot "closedwon"/"closedlost", or Rebound's own.
    public static func parseStage(_ raw: String) -> DealStatus? {
        // ASCII (every CRM's stage names) by bytes: the same letters, without breaking the text into `Character`s per row.
        let key =
            raw.utf8.allSatisfy({ $0 < 0x80 })
            ? String(decoding: raw.utf8.compactMap { byte in
                switch byte {
                case 0x41...0x5A: byte + 0x20
                case 0x61...0x7A: byte
                default: nil
                }
            }, as: UTF8.self)
            : raw.lowercased().filter { $0.isLetter }
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

    public static func describe(_ error: DomainError) -> String {
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
