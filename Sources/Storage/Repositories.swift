import Foundation
import Domain

/// Teams and the first-run set-up.
public protocol TeamRepository: Sendable {
    func anyTeamExists() async throws -> Bool
    /// Every team on the server, by name (for operators' commands).
    func allTeams() async throws -> [Team]
    /// Creates a team with its first admin in one transaction.
    func createTeam(_ team: Team, admin: Member, passwordHash: String) async throws
    func team(_ id: TeamID) async throws -> Team?
    func team(named name: String) async throws -> Team?
    func updateTeam(_ team: Team) async throws
    /// The secret CRM webhooks are signed with (HMAC-SHA256), kept apart from `Team` so no response carries it.
    func webhookSecret(of team: TeamID) async throws -> String?
    func setWebhookSecret(_ secret: String?, of team: TeamID) async throws
    func hasWebhookEvent(_ eventID: String, team: TeamID) async throws -> Bool
}

/// Members and their credentials. Emails are unique across the server, because they are the login.
public protocol MemberRepository: Sendable {
    /// Throws `DomainError.conflict` when the email is taken.
    func createMember(_ member: Member, passwordHash: String) async throws
    func member(_ id: MemberID, in team: TeamID) async throws -> Member?
    /// The member and the bcrypt hash of their password, for logging in.
    func credentials(email: String) async throws -> (member: Member, passwordHash: String)?
    func members(in team: TeamID) async throws -> [Member]
    func updateMember(_ member: Member) async throws
    /// Writes only a member's own profile fields that are given, never role, email or status: the
    /// member may be acting on a copy read before an admin changed those. Returns the member as stored.
    func updateProfile(
        _ member: MemberID, in team: TeamID, name: String?, expertise: [String]?, timeZone: FieldChange<String?>
    ) async throws -> Member
    func updatePassword(_ member: MemberID, passwordHash: String) async throws
}

/// The secret calendar-feed URL of each member (one per member; setting a new one retires the old).
public protocol CalendarFeedRepository: Sendable {
    func setCalendarFeed(of member: MemberID, tokenHash: String, at: Date) async throws
    func removeCalendarFeed(of member: MemberID) async throws
    func member(forCalendarFeedHash hash: String) async throws -> Member?
}

public protocol AccessTokenRepository: Sendable {
    func createToken(_ token: AccessToken) async throws
    /// The member a live (unrevoked) token belongs to.
    func member(forTokenHash hash: String) async throws -> (token: AccessToken, member: Member)?
    func tokens(of member: MemberID) async throws -> [AccessToken]
    /// Returns false when the token is not the member's or already revoked.
    func revokeToken(_ id: AccessTokenID, of member: MemberID, at: Date) async throws -> Bool
    /// Revokes every live token of the member but `kept` (after a password change).
    func revokeTokens(of member: MemberID, except kept: AccessTokenID?, at: Date) async throws
    /// Records that the token was used (for the idle timeout).
    func touchToken(_ id: AccessTokenID, at: Date) async throws
}

public struct AccountFilter: Sendable, Equatable {
    public var nameContains: String?
    public var industry: String?
    public var segment: String?
    public var crmID: String?
    public init(nameContains: String? = nil, industry: String? = nil, segment: String? = nil, crmID: String? = nil) {
        self.nameContains = nameContains
        self.industry = industry
        self.segment = segment
        self.crmID = crmID
    }
}

public protocol AccountRepository: Sendable {
    /// Throws `DomainError.conflict` when the CRM id is already used in the team.
    func createAccount(_ account: Account) async throws
    func account(_ id: AccountID, in team: TeamID) async throws -> Account?
    /// Several at once, keyed by id; ids of another team's accounts are simply not in the result.
    func accounts(_ ids: [AccountID], in team: TeamID) async throws -> [AccountID: Account]
    /// Ordered by name.
    func accounts(in team: TeamID, filter: AccountFilter, page: Paging) async throws -> ListPage<Account>
    func updateAccount(_ account: Account) async throws
}

public struct DealFilter: Sendable, Equatable {
    public var accountID: AccountID?
    public var status: DealStatus?
    public var ownerID: MemberID?
    public var crmID: String?
    public init(accountID: AccountID? = nil, status: DealStatus? = nil, ownerID: MemberID? = nil, crmID: String? = nil) {
        self.crmID = crmID
        self.accountID = accountID
        self.status = status
        self.ownerID = ownerID
    }
}

public protocol DealRepository: Sendable {
    /// Stores the deal, and the debrief its failure opens, in one transaction.
    func createDeal(_ deal: Deal, opening debrief: Debrief?) async throws
    func deal(_ id: DealID, in team: TeamID) async throws -> Deal?
    /// Newest first.
    func deals(in team: TeamID, filter: DealFilter, page: Paging) async throws -> ListPage<Deal>
    /// Saves the deal, and the debrief its failure opens, in one transaction.
    func updateDeal(_ deal: Deal, opening debrief: Debrief?) async throws
    /// Applies a CRM event in one transaction whose first write records the event id, so the same
    /// event sent many times at once is applied once: every other copy finds the id taken and
    /// changes nothing. Returns false for such a duplicate.
    func applyCRMEvent(_ event: CRMEventEffect) async throws -> Bool
}

/// What one inbound CRM event writes.
public struct CRMEventEffect: Sendable {
    public let eventID: String
    public let team: TeamID
    public let receivedAt: Date
    /// An account created for a deal Rebound did not know yet.
    public let newAccount: Account?
    public let deal: Deal
    public let dealIsNew: Bool
    public let opening: Debrief?

    public init(eventID: String, team: TeamID, receivedAt: Date, newAccount: Account?, deal: Deal, dealIsNew: Bool, opening: Debrief?) {
        self.eventID = eventID
        self.team = team
        self.receivedAt = receivedAt
        self.newAccount = newAccount
        self.deal = deal
        self.dealIsNew = dealIsNew
        self.opening = opening
    }
}

public struct InteractionFilter: Sendable, Equatable {
    public var accountID: AccountID?
    public var dealID: DealID?
    public var repID: MemberID?
    public var outcome: Outcome?
    public var kind: InteractionKind?
    public var from: Date?
    public var to: Date?
    /// Only follow-ups of this failure.
    public var followUpOf: FailureEvent?
    /// Only interactions that no later interaction was logged as a follow-up of.
    public var notFollowedUp: Bool
    public init(
        accountID: AccountID? = nil, dealID: DealID? = nil, repID: MemberID? = nil, outcome: Outcome? = nil,
        kind: InteractionKind? = nil, from: Date? = nil, to: Date? = nil, followUpOf: FailureEvent? = nil, notFollowedUp: Bool = false
    ) {
        self.followUpOf = followUpOf
        self.notFollowedUp = notFollowedUp
        self.accountID = accountID
        self.dealID = dealID
        self.repID = repID
        self.outcome = outcome
        self.kind = kind
        self.from = from
        self.to = to
    }
}

public protocol InteractionRepository: Sendable {
    /// Stores the interaction and the reflection it owes in one transaction: never one without the other.
    func createInteraction(_ interaction: Interaction, reflection: Reflection) async throws
    func interaction(_ id: InteractionID, in team: TeamID) async throws -> Interaction?
    /// Several at once (a page listing reflections names each one's interaction), keyed by id; ids of
    /// another team's interactions are simply not in the result.
    func interactions(_ ids: [InteractionID], in team: TeamID) async throws -> [InteractionID: Interaction]
    /// Most recent first (by `occurredAt`).
    func interactions(in team: TeamID, filter: InteractionFilter, page: Paging) async throws -> ListPage<Interaction>
    /// Saves the interaction and, when given, its reflection kept in step, in one transaction.
    func updateInteraction(_ interaction: Interaction, reflection: Reflection?) async throws
}

public enum ReflectionListStatus: String, Sendable, CaseIterable {
    case pending, completed, skipped, all
}

/// A revision of a reflection's notes, kept on each edit.
public struct ReflectionRevision: Sendable, Equatable {
    public let reflectionID: ReflectionID
    public let editedBy: MemberID
    public let editedAt: Date
    /// The notes as they were before the edit.
    public let notes: ReflectionNotes

    public init(reflectionID: ReflectionID, editedBy: MemberID, editedAt: Date, notes: ReflectionNotes) {
        self.reflectionID = reflectionID
        self.editedBy = editedBy
        self.editedAt = editedAt
        self.notes = notes
    }
}

public protocol ReflectionRepository: Sendable {
    /// The reflection with its questions, whoever may see it: callers check `ReflectionAccess`.
    func reflection(_ id: ReflectionID, in team: TeamID) async throws -> Reflection?
    func reflection(forInteraction id: InteractionID, in team: TeamID) async throws -> Reflection?
    /// Only what `viewer` may see: their own reflections and those shared with the team.
    /// `mineOnly` limits the list to the viewer's own. Pending lists are ordered by due time, soonest first;
    /// the others newest first.
    func reflections(
        visibleTo viewer: MemberID, in team: TeamID, status: ReflectionListStatus, mineOnly: Bool, page: Paging
    ) async throws -> ListPage<Reflection>
    /// Saves state and notes; when `revision` is given, the previous notes are kept as history.
    func updateReflection(_ reflection: Reflection, revision: ReflectionRevision?) async throws
    func revisions(of id: ReflectionID) async throws -> [ReflectionRevision]
}

/// Every repository, for the composition roots (`buildApplication`, `buildRouter`, the CLI) and the features they build.
/// Web's adapters never hold it: each receives the single repositories it uses.
public struct Repositories: Sendable {
    public let teams: any TeamRepository
    public let members: any MemberRepository
    public let tokens: any AccessTokenRepository
    public let accounts: any AccountRepository
    public let deals: any DealRepository
    public let interactions: any InteractionRepository
    public let reflections: any ReflectionRepository
    public let debriefs: any DebriefRepository
    public let learning: any LearningRepository
    public let questions: any QuestionRepository
    public let search: any SearchRepository
    public let insights: any InsightsRepository
    public let calendarFeeds: any CalendarFeedRepository
    public let webhooks: any WebhookRepository
    public let bulk: any BulkRepository
    public let lossReasons: any LossReasonRepository
    public let email: any EmailRepository
    public let meetings: any FollowUpMeetingRepository

    public init(
        teams: any TeamRepository, members: any MemberRepository, tokens: any AccessTokenRepository,
        accounts: any AccountRepository, deals: any DealRepository, interactions: any InteractionRepository,
        reflections: any ReflectionRepository, debriefs: any DebriefRepository, learning: any LearningRepository,
        questions: any QuestionRepository, search: any SearchRepository, insights: any InsightsRepository,
        calendarFeeds: any CalendarFeedRepository, webhooks: any WebhookRepository, bulk: any BulkRepository,
        lossReasons: any LossReasonRepository, email: any EmailRepository, meetings: any FollowUpMeetingRepository
    ) {
        self.meetings = meetings
        self.email = email
        self.lossReasons = lossReasons
        self.bulk = bulk
        self.webhooks = webhooks
        self.calendarFeeds = calendarFeeds
        self.insights = insights
        self.questions = questions
        self.search = search
        self.teams = teams
        self.members = members
        self.tokens = tokens
        self.accounts = accounts
        self.deals = deals
        self.interactions = interactions
        self.reflections = reflections
        self.debriefs = debriefs
        self.learning = learning
    }
}

extension Repositories {
    /// The same repositories with another insights source (the web layer puts a cache in front).
    public func replacing(insights: any InsightsRepository) -> Repositories {
        Repositories(
            teams: teams, members: members, tokens: tokens, accounts: accounts, deals: deals, interactions: interactions,
            reflections: reflections, debriefs: debriefs, learning: learning, questions: questions, search: search, insights: insights,
            calendarFeeds: calendarFeeds, webhooks: webhooks, bulk: bulk, lossReasons: lossReasons, email: email, meetings: meetings)
    }
}

/// Each team's loss reasons and how CRM texts map onto them.
public protocol LossReasonRepository: Sendable {
    /// The team's list, or the defaults when it has none of its own.
    func lossReasons(of team: TeamID) async throws -> [LossReason]
    func setLossReasons(_ reasons: [LossReason], of team: TeamID) async throws
    func lossReasonMappings(of team: TeamID) async throws -> [LossReasonMapping]
    /// Saves one mapping (an admin's confirmation or change), creating it when new.
    func setLossReasonMapping(_ mapping: LossReasonMapping, of team: TeamID) async throws
    /// Records CRM texts not seen before with their suggested reasons, for an admin to confirm; known texts are left alone.
    func noteCRMLossReasons(_ mappings: [LossReasonMapping], of team: TeamID) async throws
}

/// Outbound webhooks: the subscriptions, the delivery log, and the scan that finds events.
public protocol WebhookRepository: Sendable {
    func createSubscription(_ subscription: WebhookSubscription) async throws
    func subscriptions(in team: TeamID) async throws -> [WebhookSubscription]
    func subscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> WebhookSubscription?
    /// Removes the subscription and its delivery log; false when the team has no such subscription.
    func deleteSubscription(_ id: WebhookSubscriptionID, in team: TeamID) async throws -> Bool
    /// Every team's subscriptions, for the dispatcher.
    func allSubscriptions() async throws -> [WebhookSubscription]
    /// One page of what happened in the team in `(since, until]` for one kind of event: at most `limit`
    /// occurrences after `cursor` (keyset order), and the cursor of the next page, nil after the last.
    /// Paging never skips or repeats, however many events share a moment, so any backlog drains.
    func occurrences(
        in team: TeamID, of event: OutboundEvent, since: Date, until: Date, after cursor: OccurrenceCursor?, limit: Int
    ) async throws -> OccurrencePage
    /// The keys among these that the subscriber has no delivery for yet.
    func unqueuedKeys(_ keys: [String], for subscription: WebhookSubscriptionID) async throws -> Set<String>
    /// Queues the deliveries a subscriber does not have yet (by event key). Returns how many were new.
    func enqueue(_ deliveries: [WebhookDelivery], for subscription: WebhookSubscriptionID) async throws -> Int
    /// Records that every event up to `until` has been queued for the subscriber.
    func markScanned(_ subscription: WebhookSubscriptionID, until: Date) async throws
    /// Pending deliveries whose next attempt is due, oldest first.
    func dueDeliveries(at now: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Takes a delivery for one attempt, by id: pushes its next attempt to `leaseUntil` unless another
    /// server took it first (it is no longer pending, its attempts changed, or it is leased past `now`).
    /// True when this caller has it.
    func claim(_ delivery: WebhookDelivery, at now: Date, leaseUntil: Date) async throws -> Bool
    func saveDelivery(_ delivery: WebhookDelivery) async throws
    func delivery(_ id: WebhookDeliveryID, in team: TeamID) async throws -> WebhookDelivery?
    /// The delivery log of one subscription, newest first.
    func deliveries(of subscription: WebhookSubscriptionID, in team: TeamID, page: Paging) async throws -> ListPage<WebhookDelivery>
}

/// Where a scan for one kind of event stands: which of the kind's sources, and the last row read there.
public struct OccurrenceCursor: Sendable, Equatable {
    public let source: Int
    public let afterID: UUID?

    public init(source: Int, afterID: UUID?) {
        self.source = source
        self.afterID = afterID
    }
}

public struct OccurrencePage: Sendable {
    public let occurrences: [OutboundOccurrence]
    public let next: OccurrenceCursor?

    public init(occurrences: [OutboundOccurrence], next: OccurrenceCursor?) {
        self.occurrences = occurrences
        self.next = next
    }
}

/// Many new rows written in one transaction with multi-row inserts: for `rebound generate` and
/// imports, where one transaction per row would be the bottleneck. Same rows as the single writes
/// (including search documents and debrief participants); new rows only.
public struct WriteBatch: Sendable {
    public var accounts: [Account] = []
    public var deals: [Deal] = []
    public var interactions: [Interaction] = []
    public var reflections: [Reflection] = []
    public var debriefs: [Debrief] = []
    public var questions: [Question] = []
    public var lessons: [Lesson] = []
    /// Existing deals to save (an import that moves a known deal on).
    public var updatedDeals: [Deal] = []

    public init() {}

    public var isEmpty: Bool {
        accounts.isEmpty && deals.isEmpty && interactions.isEmpty && reflections.isEmpty && debriefs.isEmpty && questions.isEmpty
            && lessons.isEmpty && updatedDeals.isEmpty
    }
}

public protocol BulkRepository: Sendable {
    /// All or nothing.
    func write(_ batch: WriteBatch) async throws
    /// Runs `body` with repositories that all work inside one transaction, committed when it returns
    /// and rolled back when it throws (or the process dies first): an import is all or nothing.
    func atomically<T: Sendable>(_ body: @escaping @Sendable (Repositories) async throws -> T) async throws -> T
    /// `atomically` for writing a large new data set that nobody waits on batch by batch (the synthetic
    /// team of `rebound generate`): where the database allows, it trades durability during the write for
    /// speed and makes the result durable once at the end. All or nothing, like `atomically`. It adds new
    /// teams only: on SQLite a load that wrote into a team already there fails (that team's insight counts
    /// are not kept during a load, see `BulkLoad`).
    func load<T: Sendable>(_ body: @escaping @Sendable (Repositories) async throws -> T) async throws -> T
    /// After a load that multiplied the data (not after an import into a big team): brings the
    /// database's statistics and visibility maps up to date, where the database keeps them.
    func settleAfterLargeLoad() async throws
    /// Accounts of the team with these CRM ids, by CRM id.
    func accounts(in team: TeamID, crmIDs: [String]) async throws -> [String: Account]
    /// Accounts of the team with these exact names (case-insensitive), by lowercased name.
    func accounts(in team: TeamID, names: [String]) async throws -> [String: Account]
    /// Deals of the team with these CRM ids, by CRM id.
    func deals(in team: TeamID, crmIDs: [String]) async throws -> [String: Deal]
    /// Which of these deals already have a debrief.
    func dealsWithDebriefs(_ deals: [DealID], in team: TeamID) async throws -> Set<DealID>
}

/// A column an update writes or leaves alone: `.set(nil)` clears it, `.keep` does not touch it.
public enum FieldChange<Value: Sendable>: Sendable {
    case keep
    case set(Value)
}
