import Foundation

public typealias DebriefID = Identifier<Debrief>
public typealias PerspectiveID = Identifier<Perspective>
public typealias TimelineEntryID = Identifier<TimelineEntry>
public typealias LessonID = Identifier<Lesson>
public typealias ActionItemID = Identifier<ActionItem>

public enum DebriefStatus: String, ClosedSet {
    case scheduled
    case inProgress = "in-progress"
    case completed
}

/// What failed: a lost or cancelled deal, or an interaction its rep or manager escalated.
public enum FailureEvent: Equatable, Sendable {
    case deal(DealID)
    case interaction(InteractionID)
}

/// A team's blameless discussion of one failure event, held close to the event (seed 000).
public struct Debrief: Equatable, Sendable {
    public let id: DebriefID
    public let teamID: TeamID
    public let event: FailureEvent
    public var accountID: AccountID?
    public var title: String
    /// When the failure happened: the clock runs from here.
    public let eventAt: Date
    public var dueAt: Date
    public var facilitatorID: MemberID
    public var participantIDs: [MemberID]
    public private(set) var status: DebriefStatus
    /// When the meeting is planned.
    public var scheduledFor: Date?
    public private(set) var startedAt: Date?
    public private(set) var completedAt: Date?
    public var summary: String?
    /// Ideas parked during the meeting, looked at again at the soak-time revisit.
    public var parkedIdeas: String?
    /// The loss reason the team concluded after discussing it (a key of the team's list; "unknown" is a
    /// legitimate answer). The CRM's reason is often not the real one; insights compare the two.
    public var concludedLossReason: String?
    /// About two working days after the meeting: time to let ideas soak, then revisit.
    public private(set) var soakRevisitAt: Date?
    public private(set) var revisitedAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: DebriefID = DebriefID(), teamID: TeamID, event: FailureEvent, accountID: AccountID?, title: String, eventAt: Date,
        dueAt: Date, facilitatorID: MemberID, participantIDs: [MemberID], status: DebriefStatus = .scheduled,
        scheduledFor: Date? = nil, startedAt: Date? = nil, completedAt: Date? = nil, summary: String? = nil,
        parkedIdeas: String? = nil, soakRevisitAt: Date? = nil, revisitedAt: Date? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.teamID = teamID
        self.event = event
        self.accountID = accountID
        self.title = title
        self.eventAt = eventAt
        self.dueAt = dueAt
        self.facilitatorID = facilitatorID
        self.participantIDs = participantIDs
        self.status = status
        self.scheduledFor = scheduledFor
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.summary = summary
        self.parkedIdeas = parkedIdeas
        self.soakRevisitAt = soakRevisitAt
        self.revisitedAt = revisitedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Overdue: not yet held and completed, and past its due time.
    public func isOverdue(at now: Date) -> Bool { status != .completed && now > dueAt }

    /// Everyone who takes part; the facilitator always does.
    public var everyone: [MemberID] {
        participantIDs.contains(facilitatorID) ? participantIDs : [facilitatorID] + participantIDs
    }

    public func isParticipant(_ member: MemberID) -> Bool { everyone.contains(member) }

    /// Participants add to the timeline, lessons and actions; so do managers and admins.
    public func canContribute(_ member: Member) -> Bool { isParticipant(member.id) || member.canManage }

    /// The facilitator changes the debrief itself (status, people, summary); so do managers and admins.
    public func canFacilitate(_ member: Member) -> Bool { facilitatorID == member.id || member.canManage }

    public mutating func start(at now: Date) throws {
        guard status == .scheduled else { throw DomainError.conflict("Only a scheduled debrief can be started.") }
        status = .inProgress
        startedAt = now
        updatedAt = now
    }

    /// Completes the debrief and schedules the soak-time revisit two working days later, in the team's zone.
    public mutating func complete(at now: Date, zone: TimeZone) throws {
        guard status != .completed else { throw DomainError.conflict("This debrief is already completed.") }
        if startedAt == nil { startedAt = now }
        status = .completed
        completedAt = now
        soakRevisitAt = WorkingDays.add(2, to: now, in: zone)
        updatedAt = now
    }

    public mutating func markRevisited(at now: Date) throws {
        guard status == .completed else { throw DomainError.conflict("The soak-time revisit comes after the debrief is completed.") }
        revisitedAt = now
        updatedAt = now
    }

    public mutating func validate() throws {
        var v = Validator()
        title = v.requiredText(title, "title", maxLength: 200)
        summary = v.optionalText(summary, "summary", maxLength: 20_000)
        parkedIdeas = v.optionalText(parkedIdeas, "parkedIdeas", maxLength: 20_000)
        v.check(participantIDs.count <= 50, "participantIds", "must list at most 50 people")
        try v.throwIfInvalid()
        participantIDs = participantIDs.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Who facilitates by default: the person opening it when they are a manager or admin not
    /// involved in the deal; else the first such manager or admin; else the person opening it.
    public static func defaultFacilitator(opener: Member, involved: Set<MemberID>, team: [Member]) -> MemberID {
        if opener.canManage, !involved.contains(opener.id) { return opener.id }
        let candidates = team.filter { $0.active && $0.canManage && !involved.contains($0.id) }.sorted { $0.name < $1.name }
        return candidates.first?.id ?? opener.id
    }
}

public enum WorkingDays {
    /// Adds working days (Monday to Friday in `zone`), keeping the wall-clock time of day.
    public static func add(_ days: Int, to date: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var result = date
        var remaining = days
        while remaining > 0 {
            result = calendar.date(byAdding: .day, value: 1, to: result)!
            if !calendar.isDateInWeekend(result) { remaining -= 1 }
        }
        return result
    }

    /// A moment on a Saturday or Sunday in `zone` moves to the same wall-clock time on Monday (or the
    /// first moment after it, should a daylight-saving change skip that time); any other stays.
    public static func skippingWeekend(_ date: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var result = date
        while calendar.isDateInWeekend(result) {
            result = calendar.date(byAdding: .day, value: 1, to: result) ?? result.addingTimeInterval(24 * 3600)
        }
        return result
    }
}
