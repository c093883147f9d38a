import Domain
import Foundation

/// `rebound coach`: the coach's findings as text for people or JSON for tools.
public enum CoachReport {
    public static func render(_ text: String, json: Bool, coach: BlameCoach = BlameCoach()) throws -> String {
        let findings = coach.review(text)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(findings), as: UTF8.self)
        }
        guard !findings.isEmpty else { return "No blame language found." }
        var lines: [String] = []
        for finding in findings {
            lines.append("\(finding.line):\(finding.column) \(finding.category.rawValue): \"\(finding.phrase)\" — \(finding.message)")
            lines.append("    try: \(finding.suggestion)")
        }
        lines.append("\(findings.count) suggestion\(findings.count == 1 ? "" : "s"). The coach suggests; you decide.")
        return lines.joined(separator: "\n")
    }
}
