import Foundation

public enum DealStatus: String, ClosedSet {
    case open, won, lost, cancelled

    /// A lost deal or a cancelled contract is a failure event: it deserves a team debrief.
    public var isFailure: Bool { self == .lost || self == .cancelled }
}

/// An amount of money in minor units (cents), so sums are exact.
public struct Money: Equatable, Sendable {
    public let minorUnits: Int64
    public let currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Builds money from a decimal amount with at most as many fraction digits as the currency has
    /// (two for EUR, none for JPY, three for KWD). Negative amounts (a credit) are allowed.
    public static func parse(amount: Decimal, currency: String, field: String, into v: inout Validator) -> Money? {
        func name(_ part: String) -> String { field.isEmpty ? part : "\(field).\(part)" }
        let code = ScalarSpace.trimmed(currency).uppercased()
        let isCode = code.count == 3 && code.allSatisfy { $0.isASCII && $0.isLetter }
        v.check(isCode, name("currency"), "must be a three-letter ISO 4217 code such as USD or EUR")
        let exponent = Currency.exponent(of: code)
        var scaled = amount * Self.power(exponent)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        v.check(rounded == scaled, name("amount"), exponent == 0 ? "must be a whole number of \(code) (it has no minor unit)" : "must have at most \(exponent) decimal places for \(code)")
        v.check(abs(amount) < 1_000_000_000_000, name("amount"), "is too large")
        guard isCode, rounded == scaled, abs(amount) < 1_000_000_000_000 else { return nil }
        return Money(minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: code)
    }

    public var amount: Decimal { Decimal(minorUnits) / Self.power(Currency.exponent(of: currency)) }

    static func power(_ exponent: Int) -> Decimal {
        var result = Decimal(1)
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

public struct Deal: Equatable, Sendable {
    public let id: DealID
    public let teamID: TeamID
    public var accountID: AccountID
    public var name: String
    public var value: Money?
    public var status: DealStatus
    public var lostReason: String?
    public var closeDate: Date?
    public var crmID: String?
    /// The rep who owns the deal.
    public var ownerID: MemberID?
    /// When the deal became lost or cancelled: the failure clock starts here.
    public var failedAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: DealID = DealID(), teamID: TeamID, accountID: AccountID, name: String, value: Money? = nil,
        status: DealStatus = .open, lostReason: String? = nil, closeDate: Date? = nil, crmID: String? = nil,
        ownerID: MemberID? = nil, failedAt: Date? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.accountID = accountID
        self.name = name
        self.value = value
        self.status = status
        self.lostReason = lostReason
        self.closeDate = closeDate
        self.crmID = crmID
        self.ownerID = ownerID
        self.failedAt = failedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public mutating func validate() throws {
        var v = Validator()
        name = v.requiredText(name, "name", maxLength: 200)
        lostReason = v.optionalText(lostReason, "lostReason", maxLength: 2000)
        crmID = v.optionalText(crmID, "crmId", maxLength: 100)
        if lostReason != nil {
            v.check(status.isFailure, "lostReason", "only a lost or cancelled deal has a lost reason")
        }
        try v.throwIfInvalid()
    }

    /// Moves the deal to a new status, starting the failure clock when it becomes a failure.
    /// Returns true when this change turned the deal into a failure event.
    @discardableResult
    public mutating func changeStatus(to newStatus: DealStatus, at now: Date) -> Bool {
        let becameFailure = newStatus.isFailure && !status.isFailure
        status = newStatus
        if becameFailure { failedAt = now }
        if !newStatus.isFailure {
            failedAt = nil
            lostReason = nil
        }
        return becameFailure
    }
}
