import Domain
import Foundation
import Storage

/// A reflection's life, shared by the JSON API and the web pages. Anyone but the author is told a
/// private reflection does not exist; a teammate who can see a shared one may not change it.
public struct ReflectionService: Sendable {
    let repositories: Repositories

    public init(repositories: Repositories) {
        self.repositories = repositories
    }

    public enum Action: String {
        case start, complete, coolOff = "defer", skip, share, unshare
    }

    public func visible(_ id: ReflectionID, to user: Member) async throws -> Reflection {
        guard let reflection = try await repositories.reflections.reflection(id, in: user.teamID),
            ReflectionAccess.canView(reflection, as: user)
        else { throw DomainError.notFound("reflection") }
        return reflection
    }

    public func own(_ id: ReflectionID, by user: Member) async throws -> Reflection {
        let reflection = try await visible(id, to: user)
        guard ReflectionAccess.canEdit(reflection, as: user) else { throw DomainError.forbidden("Only the author can change a reflection.") }
        return reflection
    }

    /// Saves new notes; what was written before is kept as history.
    public func edit(_ id: ReflectionID, notes change: (inout ReflectionNotes) -> Void, by user: Member, now: Date) async throws -> Reflection {
        var reflection = try await own(id, by: user)
        let before = reflection.notes
        var notes = before
        change(&notes)
        try reflection.edit(notes, at: now)
        let revision = (before.isEmpty || before == reflection.notes)
            ? nil : ReflectionRevision(reflectionID: reflection.id, editedBy: user.id, editedAt: now, notes: before)
        try await repositories.reflections.updateReflection(reflection, revision: revision)
        return reflection
    }

    public func perform(_ action: Action, on id: ReflectionID, by user: Member, now: Date) async throws -> Reflection {
        var reflection = try await own(id, by: user)
        switch action {
        case .start: reflection.start(at: now)
        case .complete: try reflection.complete(at: now)
        case .coolOff: try reflection.coolOff(policy: try await InteractionService(repositories: repositories).policy(user.teamID), at: now)
        case .skip: try reflection.skip(at: now)
        case .share: reflection.share(at: now)
        case .unshare: reflection.unshare(at: now)
        }
        try await repositories.reflections.updateReflection(reflection, revision: nil)
        return reflection
    }

    /// A customer question from this reflection; it goes to the library unless kept private.
    public func addQuestion(to id: ReflectionID, text: String, topic: String?, inLibrary: Bool, by user: Member, now: Date) async throws -> Question {
        let reflection = try await own(id, by: user)
        let (text, topic) = try Question.validated(text: text, topic: topic)
        let interaction = try await repositories.interactions.interaction(reflection.interactionID, in: user.teamID)
        let question = Question(
            teamID: user.teamID, reflectionID: reflection.id, accountID: interaction?.accountID, inLibrary: inLibrary, askedByID: user.id,
            text: text, topic: topic, createdAt: now)
        try await repositories.questions.addQuestion(question)
        return question
    }
}
