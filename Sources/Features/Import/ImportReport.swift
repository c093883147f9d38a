import Domain
import Foundation

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
public struct ImportRow: Sendable {
    public let line: Int
    public let dealID: String
    public let dealName: String
    public let accountName: String
    public let accountID: String?
    public let industry: String?
    public let value: Money?
    public let closeDate: Date?
    public let stage: DealStatus
    public let lostReason: String?
    public let ownerEmail: String?
    public let ownerName: String?
}
