import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// The signed-in member's own sessions, profile and team.
struct AccountSettingsController {
    let teams: any TeamRepository
    let members: any MemberRepository
    let tokens: any AccessTokenRepository
    let authenticator: Authenticator

    struct TeamPatch: Decodable {
        let name: String?
        let reviewPolicy: PolicyPatch?
        let timeZone: String?
    }

    struct PolicyPatch: Decodable {
        let timeBoxMinutes: Int?
        let badTimeBoxMinutes: Int?
        let reflectionDueMinutes: Int?
        let coolOffHours: Int?
        let debriefDueHours: Int?
        let skipWeekends: Bool?
    }

    struct ProfilePatch: Decodable {
        let name: String?
        let expertise: [String]?
        let password: String?
        let currentPassword: String?
        /// An IANA name; null goes back to the team's zone.
        let timeZone: String?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.listSessions, use: listSessions)
        router.add(.logout, use: logout)
        router.add(.revokeSession, use: revoke)
        router.add(.getMe, use: me)
        router.add(.updateMe, use: updateMe)
        router.add(.getTeam, use: team)
        router.add(.updateTeam, use: updateTeam)
    }

    @Sendable func listSessions(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<TokenResponse> {
        let page = try QueryParameters(request).page()
        let tokens = try await self.tokens.tokens(of: context.user.id)
        return ListResponse(
            paging: tokens.map { TokenResponse(id: $0.id, createdAt: $0.createdAt, revokedAt: $0.revokedAt, current: $0.id == context.tokenID) }, page)
    }

    @Sendable func logout(_ request: Request, context: AuthenticatedContext) async throws -> HTTPResponse.Status {
        _ = try await authenticator.revoke(context.tokenID, of: context.user.id)
        return .noContent
    }

    @Sendable func revoke(_ request: Request, context: AuthenticatedContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.id(as: AccessTokenID.self, what: "session")
        guard try await authenticator.revoke(id, of: context.user.id) else { throw DomainError.notFound("session") }
        return .noContent
    }

    @Sendable func me(_ request: Request, context: AuthenticatedContext) async throws -> MemberResponse {
        MemberResponse(context.user)
    }

    @Sendable func updateMe(_ request: Request, context: AuthenticatedContext) async throws -> MemberResponse {
        let body = try await request.decodePatch(as: ProfilePatch.self, context: context)
        let patch = body.value
        var member = context.user
        var v = Validator()
        if let name = patch.name { member.name = v.requiredText(name, "name", maxLength: 120) }
        var timeZone = FieldChange<String?>.keep
        if body.has("timeZone") { timeZone = .set(patch.timeZone.map { TimeZones.validated($0, field: "timeZone", into: &v) }) }
        if let expertise = patch.expertise { member.expertise = MemberRules.topics(expertise, into: &v) }
        if let password = patch.password {
            MemberRules.password(password, into: &v)
            v.check(patch.currentPassword != nil, "currentPassword", "is required to change the password")
        }
        try v.throwIfInvalid()
        if let password = patch.password, let current = patch.currentPassword {
            guard try await authenticator.login(email: member.email, password: current, address: nil) != nil else {
                throw DomainError.invalid("currentPassword", "does not match your current password")
            }
            try await members.updatePassword(member.id, passwordHash: try await authenticator.hashPassword(password))
            // Whoever else holds a session of this member (a stolen token, a forgotten laptop) is out.
            try await authenticator.revokeOtherSessions(of: member.id, keeping: context.tokenID)
        }
        let stored = try await members.updateProfile(
            member.id, in: context.team, name: patch.name == nil ? nil : member.name, expertise: patch.expertise == nil ? nil : member.expertise,
            timeZone: timeZone)
        authenticator.saved(member.id)
        return MemberResponse(stored)
    }

    @Sendable func team(_ request: Request, context: AuthenticatedContext) async throws -> TeamResponse {
        guard let team = try await teams.team(context.team) else { throw DomainError.notFound("team") }
        return TeamResponse(team)
    }

    @Sendable func updateTeam(_ request: Request, context: AuthenticatedContext) async throws -> TeamResponse {
        try context.requireAdmin()
        let patch = try await request.decodeJSON(as: TeamPatch.self, context: context)
        guard var team = try await teams.team(context.team) else { throw DomainError.notFound("team") }
        if let name = patch.name { team.name = try Team.validatedName(name) }
        if let zone = patch.timeZone {
            var v = Validator()
            team.timeZone = TimeZones.validated(zone, field: "timeZone", into: &v)
            try v.throwIfInvalid()
        }
        if let p = patch.reviewPolicy {
            var policy = team.reviewPolicy
            policy.timeBoxMinutes = p.timeBoxMinutes ?? policy.timeBoxMinutes
            policy.badTimeBoxMinutes = p.badTimeBoxMinutes ?? policy.badTimeBoxMinutes
            policy.reflectionDueMinutes = p.reflectionDueMinutes ?? policy.reflectionDueMinutes
            policy.coolOffHours = p.coolOffHours ?? policy.coolOffHours
            policy.debriefDueHours = p.debriefDueHours ?? policy.debriefDueHours
            policy.skipWeekends = p.skipWeekends ?? policy.skipWeekends
            try policy.validate()
            team.reviewPolicy = policy
        }
        try await teams.updateTeam(team)
        return TeamResponse(team)
    }
}
