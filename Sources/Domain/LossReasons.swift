import Foundation

/// One of a team's short list of loss reasons ("price", "competitor", …). CRMs carry free text; each
/// distinct CRM text is mapped to one of these, so insights can count themes, not spellings.
public struct LossReason: Equatable, Sendable, Codable {
    /// Stable identifier, lowercase with dashes (`no-decision`).
    public let key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }

    /// "unknown" is always a legitimate answer, on every team's list.
    public static let unknown = LossReason(key: "unknown", label: "Unknown")

    public static let defaults: [LossReason] = [
        LossReason(key: "price", label: "Price"),
        LossReason(key: "competitor", label: "Went with a competitor"),
        LossReason(key: "no-decision", label: "No decision"),
        LossReason(key: "timing", label: "Timing"),
        LossReason(key: "product-gap", label: "Product gap"),
        LossReason(key: "relationship", label: "Relationship"),
        LossReason(key: "cancelled-by-customer", label: "Cancelled by customer"),
        unknown,
    ]

    /// Checks that `key` is on the team's list (a debrief's concluded reason, a mapping's target).
    public static func checkKnown(_ key: String, among reasons: [LossReason], field: String, into v: inout Validator) {
        v.check(reasons.contains { $0.key == key }, field, "must be one of the team's loss reasons: \(reasons.map(\.key).joined(separator: ", "))")
    }

    public static func requireKnown(_ key: String, among reasons: [LossReason], field: String) throws {
        var v = Validator()
        checkKnown(key, among: reasons, field: field, into: &v)
        try v.throwIfInvalid()
    }

    /// Checks an admin's list: 1 to 30 reasons, keys unique and well formed, labels present; "unknown"
    /// is added when missing.
    public static func validated(_ reasons: [LossReason]) throws -> [LossReason] {
        var v = Validator()
        v.check((1...30).contains(reasons.count), "reasons", "must list 1 to 30 reasons")
        var seen = Set<String>()
        var result: [LossReason] = []
        for (index, reason) in reasons.enumerated() {
            let key = reason.key.trimmingCharacters(in: .whitespaces).lowercased()
            let keyIsWellFormed = (1...40).contains(key.count)
                && key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            v.check(keyIsWellFormed, "reasons[\(index)].key", "must be 1 to 40 lowercase letters, digits or dashes")
            v.check(seen.insert(key).inserted, "reasons[\(index)].key", "is listed twice")
            let label = v.requiredText(reason.label, "reasons[\(index)].label", maxLength: 80)
            result.append(LossReason(key: key, label: label))
        }
        try v.throwIfInvalid()
        if !seen.contains(unknown.key) { result.append(unknown) }
        return result
    }
}

/// How one distinct CRM loss reason text maps onto the team's list: suggested from its words until an
/// admin confirms (or changes) it.
public struct LossReasonMapping: Equatable, Sendable {
    /// The CRM's text, normalised (see `LossReasonMapping.normalise`).
    public let crmReason: String
    public var reasonKey: String
    public var confirmed: Bool
    public var updatedAt: Date

    public init(crmReason: String, reasonKey: String, confirmed: Bool, updatedAt: Date) {
        self.crmReason = crmReason
        self.reasonKey = reasonKey
        self.confirmed = confirmed
        self.updatedAt = updatedAt
    }

    /// Case, surrounding space and runs of spaces do not make a different reason.
    public static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Words that suggest each default reason, checked in this order (a cancellation that mentions the
    /// budget is a cancellation). A text that matches none is "unknown": no guess dressed up as a fact.
    static let cues: [(String, [String])] = [
        ("cancelled-by-customer", ["cancelled", "canceled", "cancellation", "churn", "terminated", "did not renew", "didn't renew", "non-renewal", "not renewing"]),
        ("competitor", ["competitor", "went with", "chose ", "switched to", "selected another", "another vendor", "other vendor", "cheaper vendor", "incumbent"]),
        ("price", ["price", "pricing", "expensive", "cost", "budget", "discount", "too high", "cheaper"]),
        ("product-gap", ["feature", "missing", "integration", "product gap", "functionality", "requirement", "doesn't support", "does not support", "capability", "roadmap"]),
        ("timing", ["timing", "next year", "next quarter", "postponed", "delayed", "not now", "later", "on hold", "freeze", "reorg"]),
        ("no-decision", ["no decision", "went dark", "ghosted", "stalled", "status quo", "no response", "unresponsive", "do nothing"]),
        ("relationship", ["relationship", "trust", "champion left", "champion", "rapport", "sponsor left", "stakeholder"]),
    ]

    /// The team reason a CRM text most likely means, among `reasons`; "unknown" when no cue matches.
    public static func suggest(for text: String, among reasons: [LossReason]) -> String {
        let normalised = " " + normalise(text) + " "
        let keys = Set(reasons.map(\.key))
        for (key, words) in cues where keys.contains(key) && words.contains(where: { normalised.contains($0) }) {
            return key
        }
        // A team's own reasons are matched by their label too ("Legal review" → legal-review).
        if let own = reasons.first(where: { $0.key != LossReason.unknown.key && normalised.contains(" " + normalise($0.label) + " ") }) {
            return own.key
        }
        return LossReason.unknown.key
    }
}

/// For one reason: how many lost deals the CRM filed under it, how many debriefs concluded it, and
/// how many of those debriefs concluded something else than the CRM said.
public struct LossReasonComparison: Equatable, Sendable, Codable {
    public let reason: String
    public let label: String
    public let crm: Int
    public let concluded: Int
    /// Debriefed deals whose CRM reason was this one but whose debrief concluded another.
    public let differ: Int

    public init(reason: String, label: String, crm: Int, concluded: Int, differ: Int) {
        self.reason = reason
        self.label = label
        self.crm = crm
        self.concluded = concluded
        self.differ = differ
    }

    /// Counts per reason from (CRM reason, concluded reason?) pairs, one per lost deal.
    public static func compare(_ pairs: [(crm: String, concluded: String?)], reasons: [LossReason]) -> [LossReasonComparison] {
        reasons.compactMap { reason in
            let crm = pairs.filter { $0.crm == reason.key }
            let concluded = pairs.filter { $0.concluded == reason.key }.count
            let differ = crm.filter { $0.concluded != nil && $0.concluded != reason.key }.count
            guard !crm.isEmpty || concluded > 0 else { return nil }
            return LossReasonComparison(reason: reason.key, label: reason.label, crm: crm.count, concluded: concluded, differ: differ)
        }
    }
}
