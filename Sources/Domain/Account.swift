import Foundation

public struct Account: Equatable, Sendable {
    public let id: AccountID
    public let teamID: TeamID
    public var name: String
    public var industry: String?
    public var segment: String?
    /// The account's id in the CRM, so imports and webhooks can find it again.
    public var crmID: String?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: AccountID = AccountID(), teamID: TeamID, name: String, industry: String? = nil, segment: String? = nil,
        crmID: String? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.name = name
        self.industry = industry
        self.segment = segment
        self.crmID = crmID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Checks and normalises the fields a person typed.
    public mutating func validate() throws {
        var v = Validator()
        name = v.requiredText(name, "name", maxLength: 200)
        industry = v.optionalText(industry, "industry", maxLength: 100)
        segment = v.optionalText(segment, "segment", maxLength: 100)
        crmID = v.optionalText(crmID, "crmId", maxLength: 100)
        try v.throwIfInvalid()
    }
}
