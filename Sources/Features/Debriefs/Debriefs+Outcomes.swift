import Domain
import Foundation
import Storage

/// What a debrief leaves behind: lessons, action items with an owner and a date, the anonymous
/// pulse, and the Markdown export of a completed debrief.
extension Debriefs {
    public func addLesson(text: String?, tags: [String]?, to id: DebriefID, by user: Member) async throws -> Lesson {
        let debrief = try await contributable(id, by: user)
        var lesson = Lesson(
            teamID: user.teamID, debriefID: debrief.id, text: text ?? "", tags: tags ?? [], authorID: user.id, createdAt: clock())
        try lesson.validate()
        try await repositories.learning.addLesson(lesson)
        return lesson
    }

    /// An action item as written: title, owner and due date are required when adding.
    public struct ActionDraft: Sendable {
        public var title: String?
        public var ownerID: MemberID?
        public var dueDate: Date?

        public init(title: String? = nil, ownerID: MemberID? = nil, dueDate: Date? = nil) {
            self.title = title
            self.ownerID = ownerID
            self.dueDate = dueDate
        }
    }

    public func addActionItem(_ draft: ActionDraft, to id: DebriefID, by user: Member) async throws -> ActionItem {
        let debrief = try await contributable(id, by: user)
        var v = Validator()
        v.check(draft.title != nil, "title", "is required")
        v.check(draft.ownerID != nil, "ownerId", "is required: every action item has an owner")
        v.check(draft.dueDate != nil, "dueDate", "is required, e.g. 2026-12-15")
        try v.throwIfInvalid()
        try await checkOwner(draft.ownerID!, of: user.teamID)
        var item = ActionItem(
            teamID: user.teamID, debriefID: debrief.id, title: draft.title!, ownerID: draft.ownerID!, dueDate: draft.dueDate!,
            createdByID: user.id, createdAt: clock())
        try item.validate()
        try await repositories.learning.addActionItem(item)
        return item
    }

    /// An action item's owner must be a member of the team.
    public func checkOwner(_ owner: MemberID, of team: TeamID) async throws {
        guard try await repositories.members.member(owner, in: team) != nil else {
            throw DomainError.invalid("ownerId", "no member with this id in your team")
        }
    }

    /// A participant's two answers once the debrief is completed; the team sees only the aggregate.
    public func answerPulse(learnedSomething: Bool, wouldAttendAgain: Bool, for id: DebriefID, by user: Member) async throws -> PulseSummary {
        let debrief = try await debrief(id, for: user)
        guard debrief.isParticipant(user.id) else { throw DomainError.forbidden("Only the debrief's participants answer its pulse.") }
        guard debrief.status == .completed else { throw DomainError.conflict("The pulse opens once the debrief is completed.") }
        try await repositories.learning.recordPulse(
            PulseResponse(
                debriefID: debrief.id, memberID: user.id, learnedSomething: learnedSomething, wouldAttendAgain: wouldAttendAgain,
                createdAt: clock()))
        return try await repositories.learning.pulseSummary(in: user.teamID, debrief: debrief.id)
    }

    /// The completed debrief as Markdown. Unsubmitted perspectives never appear: the repository returns
    /// them to no one but their author, and the export drops every draft.
    public func markdown(of id: DebriefID, for user: Member, zone: TimeZone = .gmt) async throws -> (debrief: Debrief, text: String) {
        let workspace = try await workspace(id, for: user)
        let debrief = workspace.debrief
        guard debrief.status == .completed else { throw DomainError.conflict("Only a completed debrief can be exported.") }
        let account = try await debrief.accountID.asyncMap { try await repositories.accounts.account($0, in: user.teamID) } ?? nil
        let text = DebriefMarkdown(
            debrief: debrief, accountName: account?.name,
            names: Dictionary(uniqueKeysWithValues: workspace.members.map { ($0.id, $0.name) }), timeline: workspace.timeline,
            perspectives: workspace.perspectives.filter(\.isSubmitted), lessons: workspace.lessons, actions: workspace.actions,
            pulse: workspace.pulse, zone: zone
        ).render()
        return (debrief, text)
    }
}
