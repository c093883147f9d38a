import Domain
import Features
import Foundation
import Hummingbird
import Storage

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
        /// An IANA name; null goes back to the team's zone.
        let timeZone: String?
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
        let body = try await request.decodePatch(as: Patch.self, context: context)
        let patch = body.value
        guard var member = try await members.member(id, in: context.team) else { throw DomainError.notFound("member") }
        var v = Validator()
        if let name = patch.name { member.name = v.requiredText(name, "name", maxLength: 120) }
        if body.has("timeZone") { member.timeZone = patch.timeZone.map { TimeZones.validated($0, field: "timeZone", into: &v) } }
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
