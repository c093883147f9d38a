import Crypto
import Domain
import Features
import Foundation
import Hummingbird
import Storage

/// Inbound CRM webhooks: a deal-stage change, signed with the team's secret. A move to lost or
/// cancelled opens a debrief whose clock starts when the CRM says the deal was lost.
///
/// Signature: `X-Rebound-Timestamp: <unix seconds>` and
/// `X-Rebound-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
/// Requests older or newer than five minutes are refused, and an `eventId` seen before is ignored.
struct WebhookController {
    let teams: any TeamRepository
    let accounts: any AccountRepository
    let deals: any DealRepository
    let debriefs: any DebriefRepository
    let members: any MemberRepository
    let opener: DebriefOpener
    let lossReasons: LossReasons
    let clock: @Sendable () -> Date
    static let replayWindow: TimeInterval = 5 * 60

    struct StageChange: Decodable {
        struct DealRef: Decodable {
            let crmId: String
            let name: String?
            let accountCrmId: String?
            let accountName: String?
        }

        let eventId: String
        let deal: DealRef
        let stage: DealStatus
        let lostReason: String?
        let occurredAt: Date?
    }

    struct Outcome: ResponseEncodable {
        let status: String
        let dealId: DealID?
        let openedDebriefId: DebriefID?
    }

    struct SecretResponse: ResponseEncodable {
        /// Shown once; configure it in the CRM's webhook settings.
        let secret: String
        let url: String
    }

    func addRoutes(public api: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AuthenticatedContext>) {
        api.add(.receiveCrmWebhook, use: receive)
        authenticated.add(.rotateWebhookSecret, use: rotateSecret)
    }

    @Sendable func rotateSecret(_ request: Request, context: AuthenticatedContext) async throws -> EditedResponse<SecretResponse> {
        try context.requireAdmin()
        let secret = "whsec_" + WebSession.randomToken() + WebSession.randomToken()
        try await teams.setWebhookSecret(secret, of: context.team)
        return EditedResponse(status: .created, response: SecretResponse(secret: secret, url: APIRoute.receiveCrmWebhook.link(context.team)))
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Outcome {
        guard let raw = context.parameters.get("team"), let team = TeamID(raw), let secret = try await teams.webhookSecret(of: team) else {
            throw DomainError.notFound("webhook")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let now = clock()
        try Self.verify(body: body, headers: request.headers, secret: secret, now: now)
        let change: StageChange
        do {
            change = try apiDecoder.decode(StageChange.self, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw Problem.from(error)
        }
        // A replay seen before is answered without work. Copies sent at the same moment all get past
        // this check; the event id is then recorded in the same transaction as the effect, so one
        // copy applies and the others find the id taken. A CRM retrying after an error is not turned
        // away: a failed transaction recorded nothing.
        let duplicate = Outcome(status: "duplicate", dealId: nil, openedDebriefId: nil)
        guard try await !teams.hasWebhookEvent(change.eventId, team: team) else { return duplicate }
        let effect = try await effect(of: change, team: team, now: now)
        guard try await deals.applyCRMEvent(effect) else { return duplicate }
        await lossReasons.noteAfterCommit([effect.deal.lostReason], team: team, at: now, logger: context.logger)
        return Outcome(status: "applied", dealId: effect.deal.id, openedDebriefId: effect.opening?.id)
    }

    static func verify(body: ByteBuffer, headers: HTTPFields, secret: String, now: Date) throws {
        let unauthorized = Problem(
            .unauthorized, type: "urn:rebound:problem:bad-signature", title: "Signature check failed",
            detail: "Sign \"<timestamp>.<body>\" with HMAC-SHA256 and the team's secret; send X-Rebound-Timestamp and X-Rebound-Signature: sha256=<hex>.")
        guard let stamp = headers[.init(WebhookSignature.timestampHeader)!].flatMap(TimeInterval.init),
            let signature = headers[.init(WebhookSignature.signatureHeader)!], signature.hasPrefix("sha256=")
        else { throw unauthorized }
        guard abs(now.timeIntervalSince1970 - stamp) <= replayWindow else {
            throw Problem(
                .unauthorized, type: "urn:rebound:problem:stale-webhook", title: "Webhook outside the replay window",
                detail: "The timestamp must be within five minutes of the server's clock.")
        }
        let expected = WebhookSignature.sign(secret: secret, timestamp: headers[.init(WebhookSignature.timestampHeader)!]!, body: Data(buffer: body))
        guard WebSession.matches(signature.lowercased(), expected) else { throw unauthorized }
    }

    private func effect(of change: StageChange, team: TeamID, now: Date) async throws -> CRMEventEffect {
        let at = change.occurredAt ?? now
        var deal = try await deals.deals(in: team, filter: DealFilter(crmID: change.deal.crmId), page: Paging(limit: 1)).items.first
        var isNew = false
        var newAccount: Account?
        if deal == nil {
            guard let name = change.deal.name else {
                throw DomainError.invalid("deal.name", "is required for a deal Rebound does not know yet (crmId \(change.deal.crmId))")
            }
            let (account, isNewAccount) = try await account(for: change.deal, team: team, now: now)
            if isNewAccount { newAccount = account }
            deal = Deal(teamID: team, accountID: account.id, name: name, crmID: change.deal.crmId, createdAt: now)
            isNew = true
        }
        guard var deal else { throw DomainError.notFound("deal") }
        let failed = deal.changeStatus(to: change.stage, at: at)
        if change.stage.isFailure, let reason = change.lostReason { deal.lostReason = reason }
        deal.updatedAt = now
        try deal.validate()
        var debrief: Debrief?
        if failed, try await debriefs.debrief(for: .deal(deal.id), in: team) == nil {
            let members = try await self.members.members(in: team)
            let opener = members.first { $0.id == deal.ownerID } ?? members.first { $0.isAdmin && $0.active }
            if let opener { debrief = try await self.opener.forDeal(deal, opener: opener, now: now) }
        }
        return CRMEventEffect(eventID: change.eventId, team: team, receivedAt: now, newAccount: newAccount, deal: deal, dealIsNew: isNew, opening: debrief)
    }

    /// The deal's account, and whether it is new (written with the event, not before it).
    private func account(for ref: StageChange.DealRef, team: TeamID, now: Date) async throws -> (Account, isNew: Bool) {
        if let crm = ref.accountCrmId,
            let existing = try await accounts.accounts(in: team, filter: AccountFilter(crmID: crm), page: Paging(limit: 1)).items.first
        {
            return (existing, false)
        }
        guard let name = ref.accountName else {
            throw DomainError.invalid("deal.accountName", "is required to create the deal's account")
        }
        var account = Account(teamID: team, name: name, crmID: ref.accountCrmId, createdAt: now)
        try account.validate()
        return (account, true)
    }
}
