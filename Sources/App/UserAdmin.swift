import Domain
import Foundation
import SQLStorage
import Storage
import Web

public struct AddedUser: Sendable {
    public let team: Team
    public let member: Member
    /// True when the team did not exist and was created with this user as its first admin.
    public let createdTeam: Bool
}

/// `rebound user add`: adds a member to a team, creating the team (with the user as its admin)
/// when it does not exist yet, the CLI twin of `POST /api/v1/setup`.
public func addUser(
    repositories: Repositories, teamName: String, name: String, email: String, role: Role, password: String,
    expertise: [String], bcryptCost: Int, now: Date = Date()
) async throws -> AddedUser {
    let authenticator = Authenticator(
        tokens: repositories.tokens, members: repositories.members, teams: repositories.teams, bcryptCost: UInt8(bcryptCost), clock: { now })
    let teamName = try Team.validatedName(teamName)
    if let team = try await repositories.teams.team(named: teamName) {
        let (member, hash) = try await TeamOnboarding.newMember(
            team: team.id, name: name, email: email, role: role, password: password, expertise: expertise,
            authenticator: authenticator, now: now)
        try await repositories.members.createMember(member, passwordHash: hash)
        return AddedUser(team: team, member: member, createdTeam: false)
    }
    guard role == .admin else {
        throw DomainError.invalid("role", "the team \"\(teamName)\" does not exist yet; its first member must be an admin (--role admin)")
    }
    let (team, member, hash) = try await TeamOnboarding.newTeam(
        teamName: teamName, adminName: name, email: email, password: password, expertise: expertise,
        authenticator: authenticator, now: now)
    try await repositories.teams.createTeam(team, admin: member, passwordHash: hash)
    return AddedUser(team: team, member: member, createdTeam: true)
}

