import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// First-run set-up and logging in: the routes that work without a token.
struct SetupController {
    let teams: any TeamRepository
    let authenticator: Authenticator
    let clock: @Sendable () -> Date

    struct SetupRequest: Decodable {
        let teamName: String
        let name: String
        let email: String
        let password: String
        let expertise: [String]?
    }

    struct LoginRequest: Decodable {
        let email: String
        let password: String
    }

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.add(.setup, use: setup)
        router.add(.login, use: login)
    }

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SetupResponse> {
        let body = try await request.decodeJSON(as: SetupRequest.self, context: context)
        guard try await !teams.anyTeamExists() else {
            throw DomainError.conflict("Rebound is already set up. Ask an admin of your team for an account.")
        }
        let now = clock()
        let (team, admin, passwordHash) = try await TeamOnboarding.newTeam(
            teamName: body.teamName, adminName: body.name, email: body.email, password: body.password,
            expertise: body.expertise ?? [], authenticator: authenticator, now: now)
        try await teams.createTeam(team, admin: admin, passwordHash: passwordHash)
        let token = try await authenticator.issueToken(for: admin)
        return EditedResponse(status: .created, response: SetupResponse(team: TeamResponse(team), member: MemberResponse(admin), token: token))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SessionResponse> {
        let body = try await request.decodeJSON(as: LoginRequest.self, context: context)
        guard let member = try await authenticator.login(
            email: body.email.trimmingCharacters(in: .whitespaces).lowercased(), password: body.password, address: context.clientAddress)
        else {
            throw Problem(
                .unauthorized, type: "urn:rebound:problem:invalid-credentials", title: "Wrong email or password",
                detail: "The email and password do not match an active member.")
        }
        let token = try await authenticator.issueToken(for: member)
        return EditedResponse(status: .created, response: SessionResponse(token: token, member: MemberResponse(member)))
    }
}

/// Builds a team and its first admin; shared by `POST /api/v1/setup` and `rebound user add`.
public enum TeamOnboarding {
    public static func newTeam(
        teamName: String, adminName: String, email: String, password: String, expertise: [String],
        authenticator: Authenticator, now: Date
    ) async throws -> (Team, Member, String) {
        var v = Validator()
        let teamName = v.requiredText(teamName, "teamName", maxLength: 120)
        let team = Team(name: teamName, createdAt: now)
        let (member, hash) = try await newMember(
            team: team.id, name: adminName, email: email, role: .admin, password: password, expertise: expertise,
            authenticator: authenticator, now: now, validator: v)
        return (team, member, hash)
    }

    /// Validates every field at once, then hashes the password.
    public static func newMember(
        team: TeamID, name: String, email: String, role: Role, password: String, expertise: [String],
        authenticator: Authenticator, now: Date, validator: Validator = Validator()
    ) async throws -> (Member, String) {
        var v = validator
        let name = v.requiredText(name, "name", maxLength: 120)
        let email = MemberRules.email(email, into: &v)
        MemberRules.password(password, into: &v)
        let topics = MemberRules.topics(expertise, into: &v)
        try v.throwIfInvalid()
        let member = Member(teamID: team, name: name, email: email, role: role, expertise: topics, createdAt: now)
        return (member, try await authenticator.hashPassword(password))
    }
}

/// The signed-in member's own sessions, profile and team.
struct AccountSettingsController {
    let teams: any TeamRepository
    let members: any MemberRepository
    let tokens: any AccessTokenRepository
    let authenticator: Authenticator

    struct TeamPatch: Decodable {
        let name: String?
        let reviewPolicy: PolicyPatch?
    }

    struct PolicyPatch: Decodable {
        let timeBoxMinutes: Int?
        let badTimeBoxMinutes: Int?
        let reflectionDueMinutes: Int?
        let coolOffHours: Int?
        let debriefDueHours: Int?
    }

    struct ProfilePatch: Decodable {
        let name: String?
        let expertise: [String]?
        let password: String?
        let currentPassword: String?
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
        let patch = try await request.decodeJSON(as: ProfilePatch.self, context: context)
        var member = context.user
        var v = Validator()
        if let name = patch.name { member.name = v.requiredText(name, "name", maxLength: 120) }
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
            member.id, in: context.team, name: patch.name == nil ? nil : member.name, expertise: patch.expertise == nil ? nil : member.expertise)
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
        if let p = patch.reviewPolicy {
            var policy = team.reviewPolicy
            policy.timeBoxMinutes = p.timeBoxMinutes ?? policy.timeBoxMinutes
            policy.badTimeBoxMinutes = p.badTimeBoxMinutes ?? policy.badTimeBoxMinutes
            policy.reflectionDueMinutes = p.reflectionDueMinutes ?? policy.reflectionDueMinutes
            policy.coolOffHours = p.coolOffHours ?? policy.coolOffHours
            policy.debriefDueHours = p.debriefDueHours ?? policy.debriefDueHours
            try policy.validate()
            team.reviewPolicy = policy
        }
        try await teams.updateTeam(team)
        return TeamResponse(team)
    }
}

/// Admins add and edit members; everyone in the team can see who is on it and their topics.
struct MemberController {
    let members: any MemberRepository
    let authenticator: Authenticator
    let clock: @Sendable () -> Date

    struct CreateRequest: Decodable {
        let name: String
        let email: String
        let role: Role
        let password: String
        let expertise: [String]?
    }

    struct Patch: Decodable {
        let name: String?
        let role: Role?
        let expertise: [String]?
        let active: Bool?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.listMembers, use: list)
        router.add(.createMember, use: create)
        router.add(.getMember, use: get)
        router.add(.updateMember, use: update)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<MemberResponse> {
        let page = try QueryParameters(request).page()
        return ListResponse(paging: try await members.members(in: context.team).map(MemberResponse.init), page)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<MemberResponse> {
        try context.requireAdmin()
        let body = try await request.decodeJSON(as: CreateRequest.self, context: context)
        let (member, hash) = try await TeamOnboarding.newMember(
            team: context.team, name: body.name, email: body.email, role: body.role, password: body.password,
            expertise: body.expertise ?? [], authenticator: authenticator, now: clock())
        try await members.createMember(member, passwordHash: hash)
        return EditedResponse(status: .created, response: MemberResponse(member))
    }

    @Sendable func get(_ request: Request, context: AuthenticatedContext) async throws -> MemberResponse {
        let id = try context.parameters.id(as: MemberID.self, what: "member")
        guard let member = try await members.member(id, in: context.team) else { throw DomainError.notFound("member") }
        return MemberResponse(member)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> MemberResponse {
        try context.requireAdmin()
        let id = try context.parameters.id(as: MemberID.self, what: "member")
        let patch = try await request.decodeJSON(as: Patch.self, context: context)
        guard var member = try await members.member(id, in: context.team) else { throw DomainError.notFound("member") }
        var v = Validator()
        if let name = patch.name { member.name = v.requiredText(name, "name", maxLength: 120) }
        if let expertise = patch.expertise { member.expertise = MemberRules.topics(expertise, into: &v) }
        try v.throwIfInvalid()
        if let role = patch.role { member.role = role }
        if let active = patch.active { member.active = active }
        if member.id == context.user.id, !member.isAdmin || !member.active {
            throw DomainError.conflict("You cannot remove your own admin rights or deactivate yourself; ask another admin.")
        }
        try await members.updateMember(member)
        authenticator.saved(member.id)
        return MemberResponse(member)
    }
}
