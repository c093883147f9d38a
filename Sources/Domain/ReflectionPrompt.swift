import Foundation

/// The questions a reflection asks (seed 002), in the order the page shows them.
///
/// This list is the one place a reflection's answers are named: the API's fields, the form, validation,
/// the search text, the follow-up brief, the stored columns and the OpenAPI schema are all built from it.
/// Adding a question is a new case here, its columns in one migration, and nothing else.
public enum ReflectionPrompt: String, CaseIterable, Sendable {
    case whatWentWell, whatToImprove, wordingToChange, preparation, missingInformation

    public var question: String {
        switch self {
        case .whatWentWell: "What went well?"
        case .whatToImprove: "What would you improve next time?"
        case .wordingToChange: "What wording would you change?"
        case .preparation: "How could you prepare better?"
        case .missingInformation: "What information were you missing?"
        }
    }

    public var hint: String {
        switch self {
        case .whatWentWell: "Keep doing this."
        case .whatToImprove: "One or two things."
        case .wordingToChange: "The exact phrase, and what you would say instead."
        case .preparation: "What to read, whom to ask, what to bring."
        case .missingInformation: "About the customer, the product or the deal."
        }
    }

    /// How the follow-up brief lists this answer among the things to prepare; nil leaves it out
    /// (what went well is for the rep, not a to-do for the next meeting).
    public var briefKind: String? {
        switch self {
        case .whatWentWell: nil
        case .whatToImprove: "improve"
        case .wordingToChange: "wording"
        case .preparation: "preparation"
        case .missingInformation: "missing-information"
        }
    }

    /// The stored column: the field's name in snake case.
    public var column: String { Self.columns[self]! }

    /// Worked out once: rows read and write these on every request.
    private static let columns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.rawValue.snakeCased) })
}

/// A rep's answers to the prompts; a prompt left blank has no answer.
public struct ReflectionNotes: Equatable, Sendable {
    private var answers: [ReflectionPrompt: String]

    public init(_ answers: [ReflectionPrompt: String] = [:]) {
        self.answers = answers
    }

    public subscript(prompt: ReflectionPrompt) -> String? {
        get { answers[prompt] }
        set { answers[prompt] = newValue }
    }

    public var isEmpty: Bool { answers.values.allSatisfy { $0.isEmpty } }

    /// The answers given, in the prompts' order.
    public var answered: [(prompt: ReflectionPrompt, text: String)] {
        ReflectionPrompt.allCases.compactMap { prompt in answers[prompt].map { (prompt, $0) } }
    }

    /// Trimmed, blank answers dropped, every prompt checked; errors name the prompt's field.
    public func validated() throws -> ReflectionNotes {
        var v = Validator()
        var result = ReflectionNotes()
        for prompt in ReflectionPrompt.allCases {
            result[prompt] = v.optionalText(answers[prompt], prompt.rawValue)
        }
        try v.throwIfInvalid()
        return result
    }
}

/// As a JSON object keyed by the prompts' names, unanswered prompts left out.
extension ReflectionNotes: Codable {
    struct PromptKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ prompt: ReflectionPrompt) { stringValue = prompt.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PromptKey.self)
        var notes = ReflectionNotes()
        for prompt in ReflectionPrompt.allCases {
            notes[prompt] = try container.decodeIfPresent(String.self, forKey: PromptKey(prompt))
        }
        self = notes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PromptKey.self)
        for prompt in ReflectionPrompt.allCases {
            try container.encodeIfPresent(answers[prompt], forKey: PromptKey(prompt))
        }
    }
}
