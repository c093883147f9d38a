import Domain
import Foundation
import Logging
import Storage

extension LossReasonMapping {
    /// Records the CRM reasons of these deals that the team has not seen yet, each with the reason its
    /// words suggest, for an admin to confirm. Used wherever a CRM reason arrives: the API, imports,
    /// the CRM webhook.
    public static func note(_ texts: [String?], team: TeamID, repositories: Repositories, at now: Date) async throws {
        let distinct = Array(Set(texts.compactMap { $0.map(normalise) }.filter { !$0.isEmpty }))
        guard !distinct.isEmpty else { return }
        let reasons = try await repositories.lossReasons.lossReasons(of: team)
        let suggestions = distinct.map { LossReasonMapping(crmReason: $0, reasonKey: suggest(for: $0, among: reasons), confirmed: false, updatedAt: now) }
        try await repositories.lossReasons.noteCRMLossReasons(suggestions, of: team)
    }

    /// `note` after the deal itself is committed: a failure here is logged, never answered as an
    /// error (the client would retry a write that succeeded). The next deal with that text notes it.
    public static func noteAfterCommit(_ texts: [String?], team: TeamID, repositories: Repositories, at now: Date, logger: Logger) async {
        do {
            try await note(texts, team: team, repositories: repositories, at: now)
        } catch {
            logger.error("noting a CRM loss reason failed after the deal was stored", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
