import Domain
import Foundation

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
