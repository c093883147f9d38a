import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Team settings: the review policy and the members with their expertise topics. Admins edit.
struct SettingsPages {
    let teams: any TeamRepository
    let members: any MemberRepository
    let lossReasons: LossReasons
    let lossReasonRepository: any LossReasonRepository
    let authenticator: Authenticator
    let renderer: PageRenderer
    let email: EmailStatus
    let clock: @Sendable () -> Date

    struct Model {
        struct MemberRow {
            let name: String
            let email: String
            let role: String
            let topics: String
            let active: Bool
        }

        let chrome: Chrome
        let teamName: String
        let policy: ReviewPolicy
        let isAdmin: Bool
        let canManage: Bool
        let members: [MemberRow]
        let roles: [String]
        let policyPath: String
        let membersPath: String
        let webhooksPath = SiteURL.settingsWebhooks.path
        let importPath = SiteURL.importDeals.path
        let lossReasonsPath = SiteURL.settingsLossReasons.path
        let emailSettingsPath = SiteURL.settingsEmail.path
        let reasons: [LossReason]
        let mappings: [MappingRow]
        let errors: [FieldError]
        /// Nil when email is off.
        let email: EmailStatus.Relay?

        struct MappingRow {
            let fieldID: String
            let crmReason: String
            let confirmed: Bool
            let options: [Option]
        }

        struct Option {
            let key: String
            let label: String
            let selected: Bool
        }
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.settings, use: page)
        router.post(.settingsPolicy, use: savePolicy)
        router.post(.settingsMembers, use: addMember)
        router.post(.settingsLossReasons, use: confirmLossReason)
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        try await render(context, errors: [], status: .ok)
    }

    private func render(_ context: WebContext, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        guard let team = try await teams.team(context.team) else { throw DomainError.notFound("team") }
        let members = try await self.members.members(in: context.team)
        let reasons = try await lossReasonRepository.lossReasons(of: context.team)
        let mappings = try await lossReasonRepository.lossReasonMappings(of: context.team).enumerated().map { index, mapping in
            Model.MappingRow(
                fieldID: "reason-\(index)", crmReason: mapping.crmReason, confirmed: mapping.confirmed,
                options: reasons.map { .init(key: $0.key, label: $0.label, selected: $0.key == mapping.reasonKey) })
        }
        let model = Model(
            chrome: Chrome(title: "Settings", user: context.user, csrf: context.csrf, section: "Settings"), teamName: team.name,
            policy: team.reviewPolicy, isAdmin: context.user.isAdmin, canManage: context.user.canManage,
            members: members.map { .init(name: $0.name, email: $0.email, role: $0.role.rawValue, topics: $0.expertise.joined(separator: ", "), active: $0.active) },
            roles: Role.allCases.map(\.rawValue), policyPath: SiteURL.settingsPolicy.path, membersPath: SiteURL.settingsMembers.path, reasons: reasons,
            mappings: mappings, errors: errors, email: email.relay)
        return renderer.render(.settings, model, status: status)
    }

    @Sendable func savePolicy(_ request: Request, context: WebContext) async throws -> Response {
        guard context.user.isAdmin else { throw DomainError.forbidden("Only an admin can change the review policy.") }
        guard var team = try await teams.team(context.team) else { throw DomainError.notFound("team") }
        let form = try await request.form(context)
        var policy = team.reviewPolicy
        func int(_ key: String, _ current: Int) -> Int { form.text(key).flatMap { Int($0) } ?? current }
        policy.timeBoxMinutes = int("timeBoxMinutes", policy.timeBoxMinutes)
        policy.badTimeBoxMinutes = int("badTimeBoxMinutes", policy.badTimeBoxMinutes)
        policy.reflectionDueMinutes = int("reflectionDueMinutes", policy.reflectionDueMinutes)
        policy.coolOffHours = int("coolOffHours", policy.coolOffHours)
        policy.debriefDueHours = int("debriefDueHours", policy.debriefDueHours)
        policy.skipWeekends = form["skipWeekends"] == "on"
        do {
            try policy.validate()
        } catch DomainError.invalid(let errors) {
            return try await render(context, errors: errors, status: .unprocessableContent)
        }
        team.reviewPolicy = policy
        try await teams.updateTeam(team)
        throw Redirect(to: .settings)
    }

    @Sendable func confirmLossReason(_ request: Request, context: WebContext) async throws -> Response {
        guard context.user.isAdmin else { throw DomainError.forbidden("Only an admin can confirm what a CRM loss reason means.") }
        let form = try await request.form(context)
        do {
            _ = try await lossReasons.confirm(crmReason: form["crmReason"] ?? "", as: form["reason"] ?? "", team: context.team)
        } catch DomainError.invalid(let errors) {
            return try await render(context, errors: errors, status: .unprocessableContent)
        }
        throw Redirect(path: SiteURL.settings.path + "#loss-reasons")
    }

    @Sendable func addMember(_ request: Request, context: WebContext) async throws -> Response {
        guard context.user.isAdmin else { throw DomainError.forbidden("Only an admin can add members.") }
        let form = try await request.form(context)
        do {
            let role = form.text("role").flatMap(Role.init(rawValue:)) ?? .rep
            let (member, hash) = try await TeamOnboarding.newMember(
                team: context.team, name: form["name"] ?? "", email: form["email"] ?? "", role: role, password: form["password"] ?? "",
                expertise: (form["expertise"] ?? "").split(separator: ",").map(String.init), authenticator: authenticator, now: clock())
            try await members.createMember(member, passwordHash: hash)
        } catch DomainError.invalid(let errors) {
            return try await render(context, errors: errors, status: .unprocessableContent)
        }
        throw Redirect(to: .settings)
    }
}
