import Foundation

/// What went wrong last time with an account: the failure a follow-up brief is about.
public struct FailureSummary: Equatable, Sendable {
    public let event: FailureEvent
    public let occurredAt: Date
    /// "call", "demo", "deal", …
    public let kind: String
    /// The rep who had the interaction or owned the deal.
    public let repID: MemberID?
    public let summary: String?
    public let lostReason: String?

    public init(event: FailureEvent, occurredAt: Date, kind: String, repID: MemberID?, summary: String?, lostReason: String?) {
        self.event = event
        self.occurredAt = occurredAt
        self.kind = kind
        self.repID = repID
        self.summary = summary
        self.lostReason = lostReason
    }
}

/// The brief for the next meeting with an account after a bad interaction or a lost deal (seed 002):
/// name the elephant in the room, bring last time's answers, bring help, prepare.
public struct FollowUpBrief: Sendable {
    public let account: Account
    public let failure: FailureSummary
    /// Opening lines that name what went wrong, in a few professional variants.
    public let openers: [String]
    public let answeredQuestions: [Question]
    /// Still open: flagged, so nobody walks in pretending to have an answer.
    public let openQuestions: [Question]
    public let experts: [ExpertSuggestion]
    /// From the rep's reflection, when the viewer may see it.
    public let preparation: [PreparationItem]
    public let lessons: [Lesson]
    /// The team's members by id, for showing who was there and who asked (read once with the experts).
    public let names: [MemberID: String]

    public struct PreparationItem: Equatable, Sendable {
        public let kind: String
        public let text: String
    }

    public init(
        account: Account, failure: FailureSummary, answeredQuestions: [Question], openQuestions: [Question],
        experts: [ExpertSuggestion], reflection: ReflectionNotes?, lessons: [Lesson], names: [MemberID: String] = [:]
    ) {
        self.account = account
        self.names = names
        self.failure = failure
        self.answeredQuestions = answeredQuestions
        self.openQuestions = openQuestions
        self.experts = experts
        self.lessons = lessons
        preparation = (reflection?.answered ?? []).compactMap { answer in
            answer.prompt.briefKind.map { PreparationItem(kind: $0, text: answer.text) }
        }
        openers = Self.openers(
            account: account, failure: failure, answered: answeredQuestions, open: openQuestions, experts: experts)
    }

    /// Built from what actually went wrong; plain and professional, never grovelling.
    static func openers(
        account: Account, failure: FailureSummary, answered: [Question], open: [Question], experts: [ExpertSuggestion]
    ) -> [String] {
        let when = failure.occurredAt.formatted(Date.FormatStyle(date: .long, time: .omitted, timeZone: .gmt))
        let total = answered.count + open.count
        let topics = ExpertFinder.list(Array(Set((answered + open).compactMap(\.topic))).sorted())
        let what = failure.event.isDeal ? "our last proposal" : "our last \(failure.kind)"
        var result: [String] = []
        if total > 0 {
            let questions = total == 1 ? "a question" : "\(total) questions"
            let answeredPart = answered.isEmpty
                ? "I've been working on them and will be straight with you about what I still don't know."
                : answered.count == total
                    ? "I have answers to all of them today."
                    : "I have answers to \(answered.count) of them today, and I'll be clear about the rest."
            result.append("Before we start: on \(when) you asked \(questions) I couldn't answer well. \(answeredPart)")
            if !topics.isEmpty {
                var line = "I know \(what) left you without good answers on \(topics). I've done my homework"
                if let expert = experts.first {
                    line += ", and I've asked \(expert.member.name), who knows \(ExpertFinder.list(expert.topics)), to join us"
                }
                result.append(line + ".")
            }
        }
        if let reason = failure.lostReason {
            result.append("I'd like to name the elephant in the room: last time this didn't work out for you (\"\(reason)\"). I've thought about what that means for how we work with \(account.name), and I'd like to hear whether I understood it right.")
        } else {
            result.append("I want to acknowledge that \(what) on \(when) didn't go the way either of us wanted. I've prepared differently this time, and I'd like to start with what matters most to you.")
        }
        return result
    }
}

extension FailureEvent {
    var isDeal: Bool { if case .deal = self { true } else { false } }
}
