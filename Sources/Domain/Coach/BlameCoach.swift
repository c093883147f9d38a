import Foundation

/// What kind of wording the coach noticed.
public enum BlameCategory: String, ClosedSet {
    /// Pins the outcome on a person ("Tom dropped the ball", "it was her fault").
    case blame
    /// Judges someone's character or competence ("she is careless").
    case character
    /// Argues from what is only clear afterwards ("obviously", "anyone could have seen").
    case hindsight
    /// Replaces what happened with what should have ("should have", "if only").
    case counterfactual
    /// Names "human error" as a cause, which ends the inquiry instead of starting it.
    case humanError = "human-error"
    /// An accusatory why-question aimed at a person ("Why didn't you follow up?").
    case whyQuestion = "why-question"
    /// Makes the task sound trivial ("all she had to do was…").
    case minimising
    /// A fix with no mechanism ("be more careful", "try harder").
    case emptyFix = "empty-fix"
}

/// One suggestion: where the wording is, what it is, and a neutral alternative.
public struct CoachFinding: Equatable, Sendable, Codable {
    public let category: BlameCategory
    /// Character offsets into the text (0-based, end exclusive), counted in user-perceived characters.
    public let start: Int
    public let end: Int
    /// 1-based line and column of `start`.
    public let line: Int
    public let column: Int
    public let phrase: String
    public let message: String
    public let suggestion: String
}

/// The blame-language coach. It suggests; it never blocks: callers save the text regardless and show
/// the findings beside it. Rules are deliberately narrow so neutral text ("the integration failed",
/// "next time we should bring ops", a quoted customer) is left alone; `docs/COACH.md` reports its
/// precision and recall on a labelled corpus.
public struct BlameCoach: Sendable {
    /// Reviewing is regex work; the same texts (lessons in every brief, a debrief's fields on every
    /// read) come back often, so a long-lived coach remembers what it found.
    private let memo = ReviewMemo()
    /// Wall-clock time one review may take; a review that runs out returns what it found so far. The
    /// coach suggests, so a partial review of an enormous text is an acceptable answer; a stalled
    /// server is not.
    /// nil: no limit (benchmarks, the CLI's corpus checks).
    let budget: Duration?
    /// Off only for training the second stage (`rebound coach --rule-verdicts`), which needs to know
    /// what the rules catch on their own.
    let secondStage: Bool

    public init(budget: Duration? = .milliseconds(200), secondStage: Bool = true) {
        self.budget = budget
        self.secondStage = secondStage
    }

    public func review(_ text: String) -> [CoachFinding] {
        if let known = memo.findings(for: text) { return known }
        let findings = Self.findings(in: text, budget: budget, secondStage: secondStage)
        memo.remember(findings, for: text)
        return findings
    }

    /// A sentence longer than this is reviewed in pieces of at most this many characters (cut at a
    /// space where there is one), so the regex work per sentence is bounded and the whole review is
    /// linear in the length of the text.
    static let maxSentenceLength = 600

    static func findings(in text: String, budget: Duration? = nil, secondStage: Bool = true) -> [CoachFinding] {
        // The rules' regexes and the model's weights are built on first use; that one-off cost (long in
        // a debug build on a busy machine) must not eat the budget of the review that happens to come first.
        _ = CoachRules.all.count
        if secondStage { _ = CoachModel.table }
        let clock = ContinuousClock()
        let deadline = budget.map { clock.now.advanced(by: $0) }
        let characters = Array(text)
        let masked = String(Self.maskQuotes(characters))
        let lines = LineIndex(characters)
        var findings: [CoachFinding] = []
        for sentence in Self.sentences(in: masked) {
            if let deadline, clock.now >= deadline { break }
            // A copy, not a slice: on a slice of the whole text, the regex engine's word-boundary
            // checks can walk back past the slice's start, to the start of a long run of letters,
            // which made a megabyte without spaces quadratic again.
            let text = Substring(String(sentence.text))
            // Rules match inside one sentence, so overlaps can only happen within it.
            var taken: [Range<Int>] = []
            for rule in CoachRules.all {
                for match in text.matches(of: rule.regex) {
                    guard rule.accepts(match, text) else { continue }
                    let lower = sentence.offset + text.distance(from: text.startIndex, to: match.range.lowerBound)
                    let upper = lower + text.distance(from: match.range.lowerBound, to: match.range.upperBound)
                    let range = lower..<upper
                    // One finding per stretch of text: the first (most specific) rule wins.
                    guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
                    taken.append(range)
                    let (line, column) = lines.position(of: lower)
                    findings.append(
                        CoachFinding(
                            category: rule.category, start: lower, end: upper, line: line, column: column,
                            phrase: String(characters[range]).trimmingCharacters(in: .whitespaces),
                            message: rule.category.message, suggestion: rule.suggestion))
                }
            }
            // The second stage, on what the rules left alone: the whole sentence, if the model is confident.
            if secondStage, taken.isEmpty, let category = CoachModel.category(of: text) {
                let trimmedStart = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
                let trimmedEnd = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? trimmedStart
                guard trimmedStart < trimmedEnd else { continue }
                let lower = sentence.offset + text.distance(from: text.startIndex, to: trimmedStart)
                let upper = lower + text.distance(from: trimmedStart, to: trimmedEnd)
                let (line, column) = lines.position(of: lower)
                findings.append(
                    CoachFinding(
                        category: category, start: lower, end: upper, line: line, column: column,
                        phrase: String(characters[lower..<upper]), message: category.message, suggestion: category.generalSuggestion))
            }
        }
        return findings.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// Replaces text inside double quotes with spaces: a customer's own words are not ours to coach.
    /// Offsets stay the same because every character becomes exactly one space.
    static func maskQuotes(_ characters: [Character]) -> [Character] {
        var result = characters
        var open: Character?
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            if let opener = open {
                let closes: Bool
                switch opener {
                case "\"": closes = character == "\""
                case "“": closes = character == "”"
                case "„": closes = character == "“"
                case "«": closes = character == "»"
                // A single quote closes only where it cannot be an apostrophe (customer's, don't).
                default: closes = (character == "'" || character == "’") && !after.isLetter
                }
                if closes || character.isNewline {
                    open = nil
                } else {
                    result[index] = " "
                }
            } else if "\"“„«".contains(character) {
                open = character
            } else if character == "‘" || (character == "'" && !before.isLetter && !before.isNumber && after.isLetter) {
                open = character
            }
        }
        return result
    }

    struct Sentence {
        let text: Substring
        let offset: Int
    }

    /// Splits at sentence ends and line breaks, and cuts sentences longer than `maxSentenceLength`,
    /// keeping each piece's character offset.
    static func sentences(in text: String) -> [Sentence] {
        var result: [Sentence] = []
        var start = text.startIndex
        var startOffset = 0
        var offset = 0
        var length = 0
        var lastSpace: (index: String.Index, offset: Int)?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            let ends = character.isNewline
                || (".!?".contains(character) && (next == text.endIndex || text[next].isWhitespace))
            offset += 1
            length += 1
            if character.isWhitespace { lastSpace = (next, offset) }
            if ends {
                result.append(Sentence(text: text[start..<next], offset: startOffset))
                start = next
                startOffset = offset
                length = 0
                lastSpace = nil
            } else if length >= maxSentenceLength {
                let cut = lastSpace ?? (next, offset)
                result.append(Sentence(text: text[start..<cut.index], offset: startOffset))
                start = cut.index
                startOffset = cut.offset
                length = offset - cut.offset
                lastSpace = nil
            }
            index = next
        }
        if start < text.endIndex { result.append(Sentence(text: text[start...], offset: startOffset)) }
        return result
    }

    /// Line and column of a character offset, found by binary search over the line starts.
    struct LineIndex {
        private var starts: [Int] = [0]

        init(_ characters: [Character]) {
            for (offset, character) in characters.enumerated() where character.isNewline {
                starts.append(offset + 1)
            }
        }

        func position(of offset: Int) -> (line: Int, column: Int) {
            var low = 0
            var high = starts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return (low + 1, offset - starts[low] + 1)
        }
    }
}

extension BlameCategory {
    /// A suggestion for a sentence the second stage flagged as a whole, where no rule names the phrase.
    var generalSuggestion: String {
        switch self {
        case .blame: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\""
        case .character: "Describe what was done and what surrounded it, not the person: \"What was competing for their attention?\""
        case .hindsight: "Ask what was visible then: \"What did it look like at the time, before we knew how it ended?\""
        case .counterfactual: "Describe what happened and why it made sense then: \"What made that choice look right at the time?\""
        case .humanError: "Ask what made the slip easy to make: \"What in the situation made this easy to miss?\""
        case .whyQuestion: "Ask how or what instead of why: \"What led to that decision?\""
        case .minimising: "It looked simple only afterwards. Ask: \"What made this harder than it looks now?\""
        case .emptyFix: "Name a mechanism instead: a checklist item, a template, a reminder, with an owner and a date."
        }
    }

    var message: String {
        switch self {
        case .blame: "This pins the outcome on a person."
        case .character: "This judges a person rather than describing what they did."
        case .hindsight: "This is clear only in hindsight."
        case .counterfactual: "This describes what should have happened instead of what did."
        case .humanError: "\"Human error\" ends the inquiry instead of starting it."
        case .whyQuestion: "A why-question aimed at a person asks them to defend themselves."
        case .minimising: "This makes the task sound trivial; it did not feel that way at the time."
        case .emptyFix: "This fix has no mechanism, so nothing will change."
        }
    }
}

/// Text → findings. Keyed by a hash of the text (a per-process random seed, so nobody can aim for a
/// collision) and its length, so a megabyte of text costs the memo a few bytes, not a megabyte; the
/// findings it holds are bounded in bytes. When full it starts again, which keeps the working set.
final class ReviewMemo: @unchecked Sendable {
    private struct Key: Hashable {
        let hash: Int
        let length: Int
    }

    private let lock = NSLock()
    private var entries: [Key: [CoachFinding]] = [:]
    private var bytes = 0
    private let capacityBytes: Int

    init(capacityBytes: Int = 4 << 20) {
        self.capacityBytes = capacityBytes
    }

    func findings(for text: String) -> [CoachFinding]? {
        let key = Self.key(text)
        return lock.withLock { entries[key] }
    }

    func remember(_ findings: [CoachFinding], for text: String) {
        let key = Self.key(text)
        let size = 64 + findings.reduce(0) { $0 + 160 + $1.phrase.utf8.count }
        lock.withLock {
            if bytes + size > capacityBytes {
                entries.removeAll(keepingCapacity: true)
                bytes = 0
            }
            guard size <= capacityBytes else { return }
            if entries.updateValue(findings, forKey: key) == nil { bytes += size }
        }
    }

    var storedBytes: Int { lock.withLock { bytes } }

    private static func key(_ text: String) -> Key {
        var hasher = Hasher()
        hasher.combine(text)
        return Key(hash: hasher.finalize(), length: text.utf8.count)
    }
}
