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
