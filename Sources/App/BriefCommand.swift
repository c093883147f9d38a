import Domain
import Features
import Foundation
import Storage
import Web

/// `rebound brief ACCOUNT --as EMAIL`: the follow-up brief as Markdown, exactly as that member sees it
/// in the API (their own private notes included, nobody else's).
public func renderBrief(repositories: Repositories, account reference: String, viewerEmail: String) async throws -> String {
    guard let (viewer, _) = try await repositories.members.credentials(email: viewerEmail.lowercased()), viewer.active else {
        throw DomainError.invalid("as", "no active member with the email \(viewerEmail)")
    }
    let account: Account
    if let id = AccountID(reference), let found = try await repositories.accounts.account(id, in: viewer.teamID) {
        account = found
    } else {
        let matches = try await repositories.accounts.accounts(
            in: viewer.teamID, filter: AccountFilter(nameContains: reference), page: Paging(limit: 20)).items
        if let exact = matches.first(where: { $0.name.caseInsensitiveCompare(reference) == .orderedSame }) {
            account = exact
        } else if matches.count == 1 {
            account = matches[0]
        } else if matches.isEmpty {
            throw DomainError.invalid("account", "no account in \(viewer.name)'s team matches \"\(reference)\"")
        } else {
            throw DomainError.invalid("account", "\"\(reference)\" matches several accounts: \(matches.map(\.name).joined(separator: ", ")); use the exact name or the id")
        }
    }
    do {
        let brief = try await BriefAssembler(repositories: repositories).brief(for: account, viewer: viewer)
        // The reader's own zone, else the team's, as on the pages.
        var zone = viewer.timeZone
        if zone == nil { zone = try await repositories.teams.team(viewer.teamID)?.timeZone }
        return brief.markdown(names: brief.names, zone: TimeZones.zone(zone))
    } catch BriefAssembler.Failure.noFailure {
        throw DomainError.notFound("a bad interaction or lost deal for \(account.name) (nothing to follow up)")
    }
}
