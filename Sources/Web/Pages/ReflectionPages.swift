import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Logging a call in under a minute, and the time-boxed reflection that follows it.
struct ReflectionPages {
    let interactionService: InteractionService
    let service: ReflectionService
    let opener: DebriefOpener
    let accounts: any AccountRepository
    let interactions: any InteractionRepository
    let renderer: PageRenderer
    let clock: @Sendable () -> Date

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct LogModel {
        let chrome: Chrome
        let action: String
        let accounts: [Option]
        let kinds: [Option]
        let outcomes: [Option]
        let occurredAt: String
        /// The zone the form's time is read in, as the label names it.
        let zoneName: String
        let followUpOf: String?
        let followUpAccount: String?
        let errors: [FieldError]
    }

    struct ReflectionModel {
        struct Field {
            let name: String
            let label: String
            let hint: String
            let value: String
        }

        struct QuestionItem {
            let text: String
            let topic: String?
            let status: String
            let answer: String?
            let inLibrary: Bool
        }

        let chrome: Chrome
        let heading: String
        let interactionSummary: String?
        let outcome: String
        let bad: Bool
        let status: String
        let pending: Bool
        let overdue: Bool
        let due: String
        let dueISO: String
        let timeBoxMinutes: Int
        let started: Bool
        let deadlineISO: String?
        let deadline: String?
        let deferred: Bool
        let shared: Bool
        let editable: Bool
        let canSkip: Bool
        let fields: [Field]
        let questions: [QuestionItem]
        let timeSpent: String?
        let savePath: String
        let startPath: String
        let completePath: String
        let deferPath: String
        let sharePath: String
        let unsharePath: String
        let skipPath: String
        let questionPath: String
        let escalatePath: String
        let briefPath: String
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.newInteraction, use: logPage)
        router.post(.interactions, use: log)
        router.post(.escalate, use: escalate)
        router.get(.reflection, use: reflectionPage)
        router.post(.reflection, use: save)
        router.post(.reflectionQuestions, use: addQuestion)
        router.post(.reflectionAction, use: act)
    }

    @Sendable func logPage(_ request: Request, context: WebContext) async throws -> Response {
        let followUp = try QueryParameters(request).id("followUpOf", as: InteractionID.self)
        return try await logForm(context, followUpOf: followUp, errors: [], status: .ok)
    }

    private func logForm(_ context: WebContext, followUpOf: InteractionID?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let failed = try await followUpOf.asyncMap { try await interactions.interaction($0, in: context.team) } ?? nil
        let accounts = try await self.accounts.accounts(in: context.team, filter: AccountFilter(), page: Paging(limit: Paging.maximumLimit)).items
        let now = clock()
        let model = LogModel(
            chrome: Chrome(title: "Log a call", user: context.user, csrf: context.csrf, section: "Log a call"),
            action: SiteURL.interactions.path,
            accounts: accounts.map { Option(value: $0.id.description, label: $0.name, selected: $0.id == failed?.accountID) },
            kinds: InteractionKind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == .call) },
            outcomes: Outcome.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: false) },
            occurredAt: PageFormat.formValue(now, in: context.timeZone), zoneName: PageFormat.zoneName(context.timeZone, at: now),
            followUpOf: failed?.id.description, followUpAccount: failed.map { f in accounts.first { $0.id == f.accountID }?.name ?? "" },
            errors: errors)
        return renderer.render(.log, model, status: status)
    }

    /// The short form: pick or type an account, kind, outcome. The reflection opens next.
    @Sendable func log(_ request: Request, context: WebContext) async throws -> Response {
        let form = try await request.form(context)
        let now = clock()
        let followUpOf = form.text("followUpOf").flatMap { InteractionID($0) }
        do {
            var accountID = form.text("accountId").flatMap { AccountID($0) }
            if accountID == nil, let newName = form.text("newAccount") {
                var account = Account(teamID: context.team, name: newName, createdAt: now)
                try account.validate()
                try await accounts.createAccount(account)
                accountID = account.id
            }
            var v = Validator()
            v.check(accountID != nil, "accountId", "choose an account or type a new one")
            let kind = form.text("kind").flatMap(InteractionKind.init(rawValue:))
            v.check(kind != nil, "kind", "choose call, meeting, demo or email")
            let outcome = form.text("outcome").flatMap(Outcome.init(rawValue:))
            v.check(outcome != nil, "outcome", "choose how it went: good, neutral or bad")
            let occurredAt = form.text("occurredAt").flatMap { PageFormat.formDateTime($0, in: context.timeZone) }
            v.check(form.text("occurredAt") == nil || occurredAt != nil, "occurredAt", "is not a date and time")
            try v.throwIfInvalid()
            let draft = Interaction(
                teamID: context.team, accountID: accountID!, repID: context.user.id, kind: kind!, occurredAt: occurredAt ?? now,
                participants: (form["participants"] ?? "").split(separator: ",").map(String.init), outcome: outcome!,
                summary: form.text("summary"), followUpOf: followUpOf.map { .interaction($0) },
                recovery: form.text("recovery").flatMap(RecoveryStatus.init(rawValue:)), createdAt: now)
            let (_, reflection) = try await interactionService.log(draft, by: context.user, now: now)
            throw Redirect(to: .reflection(reflection.id))
        } catch DomainError.invalid(let errors) {
            return try await logForm(context, followUpOf: followUpOf, errors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func escalate(_ request: Request, context: WebContext) async throws -> Response {
        let id = try context.parameters.id(as: InteractionID.self, what: "interaction")
        guard let interaction = try await interactions.interaction(id, in: context.team) else { throw DomainError.notFound("interaction") }
        let (debrief, _) = try await opener.escalate(interaction, by: context.user, now: clock())
        throw Redirect(to: .debrief(debrief.id))
    }

    @Sendable func reflectionPage(_ request: Request, context: WebContext) async throws -> Response {
        let reflection = try await service.visible(try id(context), to: context.user)
        let interaction = try await interactions.interaction(reflection.interactionID, in: context.team)
        let account = try await interaction.asyncMap { try await accounts.account($0.accountID, in: context.team) } ?? nil
        let now = clock()
        let deadline = reflection.startedAt.map { $0.addingTimeInterval(TimeInterval(reflection.timeBoxMinutes * 60)) }
        let notes = reflection.notes
        let editable = ReflectionAccess.canEdit(reflection, as: context.user) && reflection.status != .skipped
        let id = reflection.id
        let model = ReflectionModel(
            chrome: Chrome(title: "Reflection", user: context.user, csrf: context.csrf, section: "My queue"),
            heading: "\(interaction?.kind.rawValue.capitalized ?? "Interaction") with \(account?.name ?? "a customer")",
            interactionSummary: interaction?.summary, outcome: reflection.outcome.rawValue, bad: reflection.outcome == .bad,
            status: reflection.status.rawValue, pending: reflection.status == .pending, overdue: reflection.isOverdue(at: now),
            due: "\(PageFormat.dateTime(reflection.dueAt, in: context.timeZone)) (\(PageFormat.relative(reflection.dueAt, now: now)))", dueISO: PageFormat.iso(reflection.dueAt),
            timeBoxMinutes: reflection.timeBoxMinutes, started: reflection.startedAt != nil,
            deadlineISO: deadline.map(PageFormat.iso), deadline: deadline.map { PageFormat.dateTime($0, in: context.timeZone) }, deferred: reflection.isDeferred,
            shared: reflection.isShared, editable: editable, canSkip: reflection.outcome != .bad && reflection.status == .pending,
            fields: ReflectionPrompt.allCases.map { .init(name: $0.rawValue, label: $0.question, hint: $0.hint, value: notes[$0] ?? "") },
            questions: reflection.questions.map {
                .init(text: $0.text, topic: $0.topic, status: $0.status.rawValue, answer: $0.answer, inLibrary: $0.inLibrary)
            },
            timeSpent: reflection.timeSpent.map { "\(max(1, Int(($0 / 60).rounded()))) min" },
            savePath: SiteURL.reflection(id).path, startPath: SiteURL.reflectionAction(id, "start").path,
            completePath: SiteURL.reflectionAction(id, "complete").path, deferPath: SiteURL.reflectionAction(id, "defer").path,
            sharePath: SiteURL.reflectionAction(id, "share").path, unsharePath: SiteURL.reflectionAction(id, "unshare").path,
            skipPath: SiteURL.reflectionAction(id, "skip").path, questionPath: SiteURL.reflectionQuestions(id).path,
            escalatePath: SiteURL.escalate(reflection.interactionID).path, briefPath: SiteURL.brief(interaction?.accountID ?? AccountID()).path)
        return renderer.render(.reflection, model)
    }

    /// Saves the notes; "Save and complete" completes in the same step.
    @Sendable func save(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        let now = clock()
        _ = try await service.edit(id, notes: { notes in
            for prompt in ReflectionPrompt.allCases where form.has(prompt.rawValue) { notes[prompt] = form.text(prompt.rawValue) }
        }, by: context.user, now: now)
        if form["complete"] != nil { _ = try await service.perform(.complete, on: id, by: context.user, now: now) }
        throw Redirect(to: form["complete"] != nil ? .home : .reflection(id))
    }

    @Sendable func addQuestion(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        let form = try await request.form(context)
        _ = try await service.addQuestion(
            to: id, text: form["text"] ?? "", topic: form.text("topic"), inLibrary: form["private"] == nil, by: context.user, now: clock())
        throw Redirect(to: .reflection(id))
    }

    @Sendable func act(_ request: Request, context: WebContext) async throws -> Response {
        let id = try id(context)
        guard let raw = context.parameters.get("action"), let action = ReflectionService.Action(rawValue: raw) else {
            throw DomainError.notFound("action")
        }
        _ = try await service.perform(action, on: id, by: context.user, now: clock())
        throw Redirect(to: action == .coolOff || action == .skip ? .home : .reflection(id))
    }

    private func id(_ context: WebContext) throws -> ReflectionID {
        guard let raw = context.parameters.get("id"), let id = ReflectionID(raw) else { throw DomainError.notFound("reflection") }
        return id
    }
}
