import Domain
import Foundation
import Logging
import Storage

/// What the team's CRM loss-reason texts mean: an admin's confirmation, shared by the API and the
/// settings page, and the noting of texts not seen before after a deal is stored.
public struct LossReasons: Sendable {
    let repositories: Repositories
    let clock: @Sendable () -> Date

    public init(repositories: Repositories, clock: @escaping @Sendable () -> Date) {
        self.repositories = repositories
        self.clock = clock
    }

    /// An admin's decision about what a CRM text means. Who may decide is the adapter's check.
    public func confirm(crmReason: String, as reason: String, team: TeamID) async throws -> LossReasonMapping {
        var v = Validator()
        let text = LossReasonMapping.normalise(v.requiredText(crmReason, "crmReason", maxLength: 2000))
        let reasons = try await repositories.lossReasons.lossReasons(of: team)
        LossReason.checkKnown(reason, among: reasons, field: "reason", into: &v)
        try v.throwIfInvalid()
        let mapping = LossReasonMapping(crmReason: text, reasonKey: reason, confirmed: true, updatedAt: clock())
        try await repositories.lossReasons.setLossReasonMapping(mapping, of: team)
        return mapping
    }

    /// `LossReasonMapping.noteAfterCommit` with this feature's repositories, for adapters that store deals.
    public func noteAfterCommit(_ texts: [String?], team: TeamID, at now: Date, logger: Logger) async {
        await LossReasonMapping.noteAfterCommit(texts, team: team, repositories: repositories, at: now, logger: logger)
    }
}
