import Domain
import Foundation
import Storage

/// The team debrief, every operation once: the JSON API and the pages both call these, so a rule
/// (who may change what, what is required) cannot differ between them. Errors are `DomainError`s.
public struct Debriefs: Sendable {
    let repositories: Repositories
    let clock: @Sendable () -> Date

    public init(repositories: Repositories, clock: @escaping @Sendable () -> Date) {
        self.repositories = repositories
        self.clock = clock
    }

    var opener: DebriefOpener { DebriefOpener(repositories: repositories) }

    /// What can be set when a debrief is opened or changed. For the optional texts, nil means "leave
    /// as it is" and `.some(nil)` means "clear".
    public struct Settings: Sendable {
        public var title: String??
        public var facilitatorID: MemberID?
        public var participantIDs: [MemberID]?
        public var scheduledFor: Date??
        public var summary: String??
        public var parkedIdeas: String??
        public var concludedLossReason: String??

        public init(
            title: String?? = nil, facilitatorID: MemberID? = nil, participantIDs: [MemberID]? = nil, scheduledFor: Date?? = nil,
            summary: String?? = nil, parkedIdeas: String?? = nil, concludedLossReason: String?? = nil
        ) {
            self.title = title
            self.facilitatorID = facilitatorID
            self.participantIDs = participantIDs
            self.scheduledFor = scheduledFor
            self.summary = summary
            self.parkedIdeas = parkedIdeas
            self.concludedLossReason = concludedLossReason
        }
    }

    // MARK: - Reading

    public func debrief(_ id: DebriefID, for user: Member) async throws -> Debrief {
        guard let debrief = try await repositories.debriefs.debrief(id, in: user.teamID) else { throw DomainError.notFound("debrief") }
        return debrief
    }

    public func list(for user: Member, filter: DebriefFilter, page: Paging) async throws -> ListPage<Debrief> {
        try await repositories.debriefs.debriefs(in: user.teamID, filter: filter, page: page)
    }

    /// Everything the workspace shows, as this member may see it: a perspective is its author's
    /// alone until submitted.
    public struct Workspace: Sendable {
        public let debrief: Debrief
        public let members: [Member]
        public let perspectives: [Perspective]
        public let timeline: [TimelineEntry]
        public let lessons: [Lesson]
        public let actions: [ActionItem]
        public let pulse: PulseSummary
        /// The team's loss reasons, for a lost or cancelled deal's debrief; empty otherwise.
        public let lossReasons: [LossReason]
        /// What the CRM gave as the reason, for a deal's debrief.
        public let crmLossReason: String?

        public func name(of member: MemberID) -> String {
            members.first { $0.id == member }?.name ?? "former member"
        }
    }

    public func workspace(_ id: DebriefID, for user: Member) async throws -> Workspace {
        let debrief = try await debrief(id, for: user)
        let all = Paging(limit: Paging.maximumLimit)
        var reasons: [LossReason] = []
        var crmReason: String?
        if case .deal(let deal) = debrief.event {
            reasons = try await repositories.lossReasons.lossReasons(of: user.teamID)
            crmReason = try await repositories.deals.deal(deal, in: user.teamID)?.lostReason
        }
        return Workspace(
            debrief: debrief, members: try await repositories.members.members(in: user.teamID),
            perspectives: try await repositories.debriefs.perspectives(of: debrief.id, visibleTo: user.id),
            timeline: try await repositories.debriefs.timeline(of: debrief.id),
            lessons: try await repositories.learning.lessons(in: user.teamID, filter: LessonFilter(debriefID: debrief.id), page: all).items,
            actions: try await repositories.learning.actionItems(in: user.teamID, filter: ActionFilter(debriefID: debrief.id), page: all).items,
            pulse: try await repositories.learning.pulseSummary(in: user.teamID, debrief: debrief.id),
            lossReasons: reasons, crmLossReason: crmReason)
    }

    // MARK: - Opening and changing

    /// Opens a debrief for exactly one failure event: a lost or cancelled deal, or an escalated interaction.
    public func open(deal dealID: DealID?, interaction interactionID: InteractionID?, settings: Settings, by user: Member) async throws -> Debrief {
        let now = clock()
        var debrief: Debrief
        switch (dealID, interactionID) {
        case (let dealID?, nil):
            guard let deal = try await repositories.deals.deal(dealID, in: user.teamID) else {
                throw DomainError.invalid("dealId", "no deal with this id in your team")
            }
            guard deal.status.isFailure else { throw DomainError.invalid("dealId", "only a lost or cancelled deal is a failure event") }
            debrief = try await opener.forDeal(deal, opener: user, now: now)
        case (nil, let interactionID?):
            guard let interaction = try await repositories.interactions.interaction(interactionID, in: user.teamID) else {
                throw DomainError.invalid("interactionId", "no interaction with this id in your team")
            }
            try DebriefOpener.checkCanEscalate(interaction, by: user)
            debrief = try await opener.forInteraction(interaction, opener: user, now: now)
        default:
            throw DomainError.invalid(
                "dealId", "give exactly one of dealId (a lost or cancelled deal) or interactionId (an escalated interaction)")
        }
        try await apply(settings, to: &debrief, by: user)
        try await repositories.debriefs.createDebrief(debrief)
        return debrief
    }

    /// A rep or a manager escalates a bad interaction into a team debrief. Escalating twice returns the same debrief.
    public func escalate(_ interactionID: InteractionID, by user: Member) async throws -> (debrief: Debrief, created: Bool) {
        guard let interaction = try await repositories.interactions.interaction(interactionID, in: user.teamID) else {
            throw DomainError.notFound("interaction")
        }
        return try await opener.escalate(interaction, by: user, now: clock())
    }

    public func update(_ id: DebriefID, _ settings: Settings, by user: Member) async throws -> Debrief {
        var debrief = try await facilitated(id, by: user)
        try await apply(settings, to: &debrief, by: user)
        debrief.updatedAt = clock()
        try await repositories.debriefs.updateDebrief(debrief)
        return debrief
    }

    public func start(_ id: DebriefID, by user: Member) async throws -> Debrief {
        try await transition(id, by: user) { try $0.start(at: $1) }
    }

    public func complete(_ id: DebriefID, by user: Member) async throws -> Debrief {
        let zone = TimeZones.zone(try await repositories.teams.team(user.teamID)?.timeZone)
        return try await transition(id, by: user) { try $0.complete(at: $1, zone: zone) }
    }

    public func revisit(_ id: DebriefID, by user: Member) async throws -> Debrief {
        try await transition(id, by: user) { try $0.markRevisited(at: $1) }
    }

    // MARK: - Perspectives

    /// Saves my perspective on one area as a draft, private until submitted.
    public func writePerspective(_ text: String, area: DebriefArea, in id: DebriefID, by user: Member) async throws -> Perspective {
        try await opener.writePerspective(text, area: area, in: try await debrief(id, for: user), by: user, now: clock())
    }

    /// Shares all my drafts with the team; returns how many.
    public func submitPerspectives(in id: DebriefID, by user: Member) async throws -> Int {
        let debrief = try await debrief(id, for: user)
        guard debrief.isParticipant(user.id) else { throw DomainError.forbidden("Only the debrief's participants submit perspectives.") }
        return try await repositories.debriefs.submitPerspectives(of: user.id, in: debrief.id, at: clock())
    }

    // MARK: - Rules shared by every operation

    func facilitated(_ id: DebriefID, by user: Member) async throws -> Debrief {
        let debrief = try await debrief(id, for: user)
        guard debrief.canFacilitate(user) else {
            throw DomainError.forbidden("Only the facilitator, a manager or an admin can change the debrief itself.")
        }
        return debrief
    }

    func contributable(_ id: DebriefID, by user: Member) async throws -> Debrief {
        let debrief = try await debrief(id, for: user)
        guard debrief.canContribute(user) else {
            throw DomainError.forbidden("Only the debrief's participants, managers and admins can add to it.")
        }
        return debrief
    }

    private func transition(_ id: DebriefID, by user: Member, _ change: (inout Debrief, Date) throws -> Void) async throws -> Debrief {
        var debrief = try await facilitated(id, by: user)
        try change(&debrief, clock())
        try await repositories.debriefs.updateDebrief(debrief)
        return debrief
    }

    private func apply(_ settings: Settings, to debrief: inout Debrief, by user: Member) async throws {
        if let title = settings.title { debrief.title = title ?? "" }
        if let summary = settings.summary { debrief.summary = summary }
        if let ideas = settings.parkedIdeas { debrief.parkedIdeas = ideas }
        if let reason = settings.concludedLossReason {
            if let key = reason {
                try LossReason.requireKnown(key, among: try await repositories.lossReasons.lossReasons(of: user.teamID), field: "concludedLossReason")
            }
            debrief.concludedLossReason = reason
        }
        if let scheduled = settings.scheduledFor { debrief.scheduledFor = scheduled }
        var v = Validator()
        if settings.facilitatorID != nil || settings.participantIDs != nil {
            let team = Set(try await repositories.members.members(in: user.teamID).map(\.id))
            if let facilitator = settings.facilitatorID {
                v.check(team.contains(facilitator), "facilitatorId", "no member with this id in your team")
                debrief.facilitatorID = facilitator
            }
            if let participants = settings.participantIDs {
                for (index, id) in participants.enumerated() {
                    v.check(team.contains(id), "participantIds[\(index)]", "no member with this id in your team")
                }
                debrief.participantIDs = participants
            }
        }
        try v.throwIfInvalid()
        try debrief.validate()
    }
}
