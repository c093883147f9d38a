import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Accounts and deals: the customers and the money.
struct AccountController {
    let accounts: any AccountRepository
    let deals: any DealRepository
    let debriefs: any DebriefRepository
    let members: any MemberRepository
    let opener: DebriefOpener
    let lossReasons: LossReasons
    let clock: @Sendable () -> Date

    struct AccountBody: Decodable {
        let name: String?
        let industry: String?
        let segment: String?
        let crmId: String?
    }

    struct DealBody: Decodable {
        let accountId: AccountID?
        let name: String?
        let amount: Decimal?
        let currency: String?
        let status: DealStatus?
        let lostReason: String?
        let closeDate: String?
        let crmId: String?
        let ownerId: MemberID?
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.createAccount, use: createAccount)
        router.add(.listAccounts, use: listAccounts)
        router.add(.getAccount, use: getAccount)
        router.add(.updateAccount, use: updateAccount)
        router.add(.createDeal, use: createDeal)
        router.add(.listDeals, use: listDeals)
        router.add(.getDeal, use: getDeal)
        router.add(.updateDeal, use: updateDeal)
    }

    @Sendable func createAccount(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<AccountResponse> {
        let body = try await request.decodeJSON(as: AccountBody.self, context: context)
        guard let name = body.name else { throw DomainError.invalid("name", "is required") }
        var account = Account(
            teamID: context.team, name: name, industry: body.industry, segment: body.segment, crmID: body.crmId, createdAt: clock())
        try account.validate()
        try await accounts.createAccount(account)
        return EditedResponse(status: .created, response: AccountResponse(account))
    }

    @Sendable func listAccounts(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<AccountResponse> {
        let query = QueryParameters(request)
        let filter = AccountFilter(
            nameContains: try query.string("q"), industry: try query.string("industry"), segment: try query.string("segment"),
            crmID: try query.string("crmId"))
        let page = try await accounts.accounts(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page, AccountResponse.init)
    }

    @Sendable func getAccount(_ request: Request, context: AuthenticatedContext) async throws -> AccountResponse {
        AccountResponse(try await account(context.parameters.id(as: AccountID.self, what: "account"), context))
    }

    @Sendable func updateAccount(_ request: Request, context: AuthenticatedContext) async throws -> AccountResponse {
        var account = try await account(context.parameters.id(as: AccountID.self, what: "account"), context)
        let patch = try await request.decodePatch(as: AccountBody.self, context: context)
        if patch.has("name") { account.name = patch.value.name ?? "" }
        if patch.has("industry") { account.industry = patch.value.industry }
        if patch.has("segment") { account.segment = patch.value.segment }
        if patch.has("crmId") { account.crmID = patch.value.crmId }
        account.updatedAt = clock()
        try account.validate()
        try await accounts.updateAccount(account)
        return AccountResponse(account)
    }

    private func account(_ id: AccountID, _ context: AuthenticatedContext) async throws -> Account {
        guard let account = try await accounts.account(id, in: context.team) else { throw DomainError.notFound("account") }
        return account
    }

    @Sendable func createDeal(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<DealResponse> {
        let body = try await request.decodeJSON(as: DealBody.self, context: context)
        var v = Validator()
        v.check(body.accountId != nil, "accountId", "is required")
        v.check(body.name != nil, "name", "is required")
        try v.throwIfInvalid()
        let now = clock()
        var deal = Deal(teamID: context.team, accountID: body.accountId!, name: body.name!, ownerID: body.ownerId ?? context.user.id, createdAt: now)
        let failed = try await apply(
            PatchBody(value: body, keys: ["amount", "currency", "status", "lostReason", "closeDate", "crmId"]), to: &deal, context, now: now)
        let debrief = failed ? try await opener.forDeal(deal, opener: context.user, now: now) : nil
        try await deals.createDeal(deal, opening: debrief)
        await lossReasons.noteAfterCommit([deal.lostReason], team: context.team, at: now, logger: context.logger)
        return EditedResponse(status: .created, response: DealResponse(deal, openedDebrief: debrief?.id))
    }

    @Sendable func listDeals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<DealResponse> {
        let query = QueryParameters(request)
        let filter = DealFilter(
            accountID: try query.id("accountId"), status: try query.value("status", as: DealStatus.self), ownerID: try query.id("ownerId"))
        let page = try await deals.deals(in: context.team, filter: filter, page: try query.page())
        return ListResponse(page) { DealResponse($0) }
    }

    @Sendable func getDeal(_ request: Request, context: AuthenticatedContext) async throws -> DealResponse {
        DealResponse(try await deal(context.parameters.id(as: DealID.self, what: "deal"), context), openedDebrief: nil)
    }

    @Sendable func updateDeal(_ request: Request, context: AuthenticatedContext) async throws -> DealResponse {
        var deal = try await deal(context.parameters.id(as: DealID.self, what: "deal"), context)
        let patch = try await request.decodePatch(as: DealBody.self, context: context)
        let now = clock()
        if patch.has("name") { deal.name = patch.value.name ?? "" }
        let failed = try await apply(patch, to: &deal, context, now: now)
        deal.updatedAt = now
        // A deal set to lost or cancelled is a failure event: it opens a debrief with its clock, in the same transaction.
        var debrief: Debrief?
        if failed, try await debriefs.debrief(for: .deal(deal.id), in: context.team) == nil {
            debrief = try await opener.forDeal(deal, opener: context.user, now: now)
        }
        try await deals.updateDeal(deal, opening: debrief)
        await lossReasons.noteAfterCommit([deal.lostReason], team: context.team, at: now, logger: context.logger)
        return DealResponse(deal, openedDebrief: debrief?.id)
    }

    /// The fields shared by create and update, checked together so one response lists every problem.
    /// Returns true when the change made the deal a failure event.
    private func apply(_ patch: PatchBody<DealBody>, to deal: inout Deal, _ context: AuthenticatedContext, now: Date) async throws -> Bool {
        let body = patch.value
        var v = Validator()
        if patch.has("accountId"), let accountID = body.accountId {
            deal.accountID = accountID
        }
        if patch.has("amount") || patch.has("currency") {
            switch (body.amount, body.currency) {
            case (nil, nil): deal.value = nil
            case (let amount?, let currency?): deal.value = Money.parse(amount: amount, currency: currency, field: "", into: &v)
            case (nil, _): v.check(false, "amount", "is required with a currency")
            case (_, nil): v.check(false, "currency", "is required with an amount")
            }
        }
        var failed = false
        if patch.has("status"), let status = body.status { failed = deal.changeStatus(to: status, at: now) }
        if patch.has("lostReason") { deal.lostReason = body.lostReason }
        if patch.has("closeDate") {
            if let raw = body.closeDate {
                let date = CalendarDay.parse(raw)
                v.check(date != nil, "closeDate", "must be a date like 2026-11-30")
                deal.closeDate = date
            } else {
                deal.closeDate = nil
            }
        }
        if patch.has("crmId") { deal.crmID = body.crmId }
        if patch.has("ownerId") { deal.ownerID = body.ownerId }
        if try await accounts.account(deal.accountID, in: context.team) == nil {
            v.check(false, "accountId", "no account with this id in your team")
        }
        if let owner = deal.ownerID, try await members.member(owner, in: context.team) == nil {
            v.check(false, "ownerId", "no member with this id in your team")
        }
        try v.throwIfInvalid()
        try deal.validate()
        return failed
    }

    private func deal(_ id: DealID, _ context: AuthenticatedContext) async throws -> Deal {
        guard let deal = try await deals.deal(id, in: context.team) else { throw DomainError.notFound("deal") }
        return deal
    }
}

