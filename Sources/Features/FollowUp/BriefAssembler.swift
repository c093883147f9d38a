import Domain
import Foundation
import Storage

/// Gathers what a follow-up brief needs, as one member may see it: private reflection notes appear
/// only for their author (or once shared), private questions only for whoever logged them.
public struct BriefAssembler: Sendable {
    public let repositories: Repositories

    public init(repositories: Repositories) { self.repositories = repositories }

    public enum Failure: Error { case noFailure }

    public func brief(for account: Account, viewer: Member) async throws -> FollowUpBrief {
        guard let (failure, reflection) = try await latestFailure(of: account) else { throw Failure.noFailure }
        let questions = try await repositories.questions.questions(
            in: account.teamID, visibleTo: viewer.id, filter: QuestionFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)
        ).items.filter { $0.status != .dropped && $0.createdAt <= failure.occurredAt.addingTimeInterval(7 * 24 * 3600) }
        let answered = questions.filter { $0.status == .answered }.sorted { $0.createdAt < $1.createdAt }
        let open = questions.filter { $0.status == .open }.sorted { $0.createdAt < $1.createdAt }
        var weights: [String: Int] = [:]
        for question in questions { if let topic = question.topic { weights[topic, default: 0] += 1 } }
        let team = try await repositories.members.members(in: account.teamID)
        var experts = ExpertFinder.suggest(for: weights, among: team, excluding: failure.repID)
        experts.removeAll { $0.member.id == viewer.id }
        let notes = reflection.flatMap { ReflectionAccess.canView($0, as: viewer) ? $0.notes : nil }
        let lessons = try await similarLessons(account: account, topics: Array(weights.keys), viewer: viewer)
        return FollowUpBrief(
            account: account, failure: failure, answeredQuestions: answered, openQuestions: open, experts: experts, reflection: notes,
            lessons: lessons, names: Dictionary(team.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The most recent failure with the account: its last bad interaction or its last lost or cancelled deal.
    public func latestFailure(of account: Account) async throws -> (FailureSummary, Reflection?)? {
        let bad = try await repositories.interactions.interactions(
            in: account.teamID, filter: InteractionFilter(accountID: account.id, outcome: .bad), page: Paging(limit: 1)
        ).items.first
        let lost = try await repositories.deals.deals(
            in: account.teamID, filter: DealFilter(accountID: account.id), page: Paging(limit: Paging.maximumLimit)
        ).items.filter { $0.status.isFailure && $0.failedAt != nil }.max { $0.failedAt! < $1.failedAt! }
        if let bad, bad.occurredAt >= (lost?.failedAt ?? .distantPast) {
            let reflection = try await repositories.reflections.reflection(forInteraction: bad.id, in: account.teamID)
            return (
                FailureSummary(
                    event: .interaction(bad.id), occurredAt: bad.occurredAt, kind: bad.kind.rawValue, repID: bad.repID, summary: bad.summary,
                    lostReason: nil), reflection
            )
        }
        if let lost {
            return (
                FailureSummary(
                    event: .deal(lost.id), occurredAt: lost.failedAt!, kind: "deal", repID: lost.ownerID, summary: lost.name,
                    lostReason: lost.lostReason), nil
            )
        }
        return nil
    }

    /// Lessons from the account's own debriefs, newest first, then lessons found by full-text search on
    /// the topics, the industry and the account's name; at most eight.
    public func similarLessons(account: Account, topics: [String], viewer: Member) async throws -> [Lesson] {
        let limit = 8
        var lessons = try await repositories.learning.lessons(
            in: account.teamID, filter: LessonFilter(accountID: account.id), page: Paging(limit: limit)).items
        guard lessons.count < limit else { return lessons }
        let text = (topics + [account.industry, account.name].compactMap { $0 }).joined(separator: " ")
        let hits = try await repositories.search.search(
            SearchQuery(team: account.teamID, viewer: viewer.id, text: text, kinds: [.lesson], mode: .any, limit: 10)
        ).map { LessonID($0.refID) }.filter { id in !lessons.contains { $0.id == id } }
        let found = try await repositories.learning.lessons(hits, in: account.teamID)
        lessons += hits.compactMap { found[$0] }
        return Array(lessons.prefix(limit))
    }
}
