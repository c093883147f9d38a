import Domain
import Foundation

public struct QuestionFilter: Sendable, Equatable {
    public var status: QuestionStatus?
    public var topic: String?
    public var accountID: AccountID?
    public var reflectionID: ReflectionID?
    public var debriefID: DebriefID?
    public init(
        status: QuestionStatus? = nil, topic: String? = nil, accountID: AccountID? = nil, reflectionID: ReflectionID? = nil,
        debriefID: DebriefID? = nil
    ) {
        self.status = status
        self.topic = topic
        self.accountID = accountID
        self.reflectionID = reflectionID
        self.debriefID = debriefID
    }
}

/// Customer questions and the team's answer library.
public protocol QuestionRepository: Sendable {
    func addQuestion(_ question: Question) async throws
    func question(_ id: QuestionID, in team: TeamID) async throws -> Question?
    func updateQuestion(_ question: Question) async throws
    /// Library questions and the viewer's own private ones; never another member's private question. Newest first.
    func questions(in team: TeamID, visibleTo viewer: MemberID, filter: QuestionFilter, page: Paging) async throws -> ListPage<Question>
    /// Answered questions visible to `viewer` whose wording shares a word with `text`, best match first.
    /// Only the team's newest `SimilarAnswers.window` answered questions that match are ranked, so the
    /// lookup costs the same with a library of a hundred answers or a million.
    func answeredQuestions(similarTo text: String, in team: TeamID, visibleTo viewer: MemberID, excluding: QuestionID?, limit: Int) async throws -> [Question]
}

public enum SimilarAnswers {
    /// How many matching answered questions the lookup ranks: the team's newest ones. On PostgreSQL the
    /// lookup walks the team's newest questions until it has this many (42 ms for 500 at a million
    /// interactions), so the window is kept small; the three best of the newest 200 are plenty.
    public static let window = 200
}

extension QuestionRepository {
    /// The question if `viewer` may see it: library questions are the team's, private ones their asker's.
    public func question(_ id: QuestionID, in team: TeamID, visibleTo viewer: MemberID) async throws -> Question? {
        guard let question = try await question(id, in: team), question.isVisible(to: viewer) else { return nil }
        return question
    }
}

public enum SearchKind: String, ClosedSet {
    case lesson, question, debrief, timeline, perspective, reflection
}

public enum SearchMode: Sendable {
    /// Every word must match (the search box).
    case all
    /// Any word may match, best first (finding similar questions and lessons).
    case any
}

public struct SearchQuery: Sendable {
    public let team: TeamID
    public let viewer: MemberID
    public let text: String
    public let kinds: Set<SearchKind>
    public let mode: SearchMode
    public let limit: Int

    public init(team: TeamID, viewer: MemberID, text: String, kinds: Set<SearchKind> = Set(SearchKind.allCases), mode: SearchMode = .all, limit: Int = 20) {
        self.team = team
        self.viewer = viewer
        self.text = text
        self.kinds = kinds
        self.mode = mode
        self.limit = limit
    }
}

public struct SearchHit: Sendable, Equatable {
    public let kind: SearchKind
    public let refID: UUID
    public let title: String
    /// The matching passage, with each match between `SearchHit.markStart` and `SearchHit.markEnd`.
    public let snippet: String
    public let accountID: AccountID?
    public let debriefID: DebriefID?

    /// Private-use characters the database puts around matches; the web layer turns them into `<mark>` after escaping.
    public static let markStart: Character = "\u{E000}"
    public static let markEnd: Character = "\u{E001}"

    public init(kind: SearchKind, refID: UUID, title: String, snippet: String, accountID: AccountID?, debriefID: DebriefID?) {
        self.kind = kind
        self.refID = refID
        self.title = title
        self.snippet = snippet
        self.accountID = accountID
        self.debriefID = debriefID
    }
}

/// Ranked full-text search over lessons, questions and answers, debrief text and reflections.
/// Private text (an unshared reflection, an unsubmitted perspective, a private question) is found
/// only by its author.
public protocol SearchRepository: Sendable {
    func search(_ query: SearchQuery) async throws -> [SearchHit]
}

/// Splits what a person typed into plain words, so no search syntax reaches the database.
public enum SearchTerms {
    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "were", "be", "do", "does", "did",
        "you", "your", "we", "our", "it", "its", "this", "that", "can", "how", "what", "why", "when", "who", "i", "my", "me", "at",
        "by", "as", "from", "have", "has", "not", "no", "if", "so", "any", "there",
    ]

    /// The words of a search, as full-text query terms. A word is a run of Unicode scalars that are
    /// letters, digits or combining marks, and holds at least one letter or digit; everything else
    /// separates words. Working on scalars, not `Character`s, matters: `"` followed by U+0301 is one
    /// character that is not a quote, and it used to reach FTS5 and tsquery as query syntax. Only
    /// the first 1,000 scalars of a query are read.
    public static func words(_ text: String, droppingStopwords: Bool = false, limit: Int = 12) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var hasLetterOrDigit = false
        func finish() {
            defer { current = String.UnicodeScalarView(); hasLetterOrDigit = false }
            guard hasLetterOrDigit, current.count <= 100 else { return }
            let word = String(current).lowercased()
            guard !(droppingStopwords && stopwords.contains(word)), seen.insert(word).inserted else { return }
            result.append(word)
        }
        for scalar in text.unicodeScalars.prefix(1_000) {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
                current.append(scalar)
                hasLetterOrDigit = true
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if !current.isEmpty { current.append(scalar) }
            default:
                finish()
                if result.count == limit { return result }
            }
        }
        finish()
        return Array(result.prefix(limit))
    }
}

/// Team-level figures for a period, computed in the database where it can.
public protocol InsightsRepository: Sendable {
    func insights(in team: TeamID, from: Date, to: Date) async throws -> Insights
    /// Server-wide totals for monitoring: work waiting and work overdue, never per person.
    func operationalCounts(at now: Date) async throws -> OperationalCounts
    /// Moves every team's recorded changes into the kept counts. A read of insights folds its own
    /// team's first anyway; run on a timer, this keeps the change logs short when nobody reads them.
    func foldInsightChanges() async throws
}

public struct OperationalCounts: Sendable, Equatable {
    public let reflectionsPending: Int
    public let reflectionsOverdue: Int
    public let debriefsOpen: Int
    public let debriefsOverdue: Int
    public let questionsOpen: Int
    public let actionItemsOpen: Int

    public init(reflectionsPending: Int, reflectionsOverdue: Int, debriefsOpen: Int, debriefsOverdue: Int, questionsOpen: Int, actionItemsOpen: Int) {
        self.reflectionsPending = reflectionsPending
        self.reflectionsOverdue = reflectionsOverdue
        self.debriefsOpen = debriefsOpen
        self.debriefsOverdue = debriefsOverdue
        self.questionsOpen = questionsOpen
        self.actionItemsOpen = actionItemsOpen
    }
}
