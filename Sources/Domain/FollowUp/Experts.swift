import Foundation

/// A colleague worth bringing to the next meeting, and why.
public struct ExpertSuggestion: Equatable, Sendable {
    public let member: Member
    public let topics: [String]
    public let reason: String

    public init(member: Member, topics: [String], reason: String) {
        self.member = member
        self.topics = topics
        self.reason = reason
    }
}

/// Seed 002: "Maybe you struggled with an operations question, bring your operations manager."
public enum ExpertFinder {
    /// Members whose expertise covers the given topics, best match first. Never the rep themself,
    /// never an inactive member. `weights` counts how often each topic came up (e.g. open questions).
    public static func suggest(for weights: [String: Int], among members: [Member], excluding rep: MemberID?, limit: Int = 3) -> [ExpertSuggestion] {
        let wanted = weights.filter { !$0.key.isEmpty }
        guard !wanted.isEmpty else { return [] }
        var scored: [(ExpertSuggestion, Int)] = []
        for member in members where member.active && member.id != rep {
            let matched = wanted.keys.filter { topic in member.expertise.contains { matches($0, topic) } }.sorted {
                (wanted[$0]!, $1) > (wanted[$1]!, $0)
            }
            guard !matched.isEmpty else { continue }
            let score = matched.reduce(0) { $0 + wanted[$1]! }
            let described = matched.map { topic in
                let count = wanted[topic]!
                return count > 1 ? "\(topic) (\(count) questions)" : topic
            }
            let reason = "\(member.name) knows \(list(described)), which came up last time."
            scored.append((ExpertSuggestion(member: member, topics: matched, reason: reason), score))
        }
        return scored.sorted { ($0.1, $1.0.member.name) > ($1.1, $0.0.member.name) }.prefix(limit).map(\.0)
    }

    /// Topics match when equal, or when one is the other with a plural "s" ("operation" / "operations").
    static func matches(_ expertise: String, _ topic: String) -> Bool {
        expertise == topic || expertise + "s" == topic || topic + "s" == expertise
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
