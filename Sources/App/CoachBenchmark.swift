import Domain
import Foundation

/// `rebound coach --benchmark`: how review time grows with the length of the text, without the
/// per-request time budget. Linear growth means the time per KB stays flat from 1 KB to 1 MB.
public enum CoachBenchmark {
    /// Realistic debrief prose (blameful and neutral sentences), an unbroken run of letters (the
    /// input that made the old patterns quadratic), and one sentence with no full stop.
    static let shapes: [(String, String)] = [
        ("debrief prose", "Tom dropped the ball on the renewal. It was obvious the champion was leaving. We should have brought ops earlier; next time we will send the plan by Friday. "),
        ("one long word", "a"),
        ("no sentence end", "the customer asked about pricing and we said we would come back "),
    ]

    public static func run(sizes: [Int] = [1 << 10, 10 << 10, 100 << 10, 1 << 20]) -> String {
        let coach = BlameCoach(budget: nil)
        var lines = ["| text | size | review (ms) | ms per KB | findings |", "|---|---|---|---|---|"]
        for (name, unit) in shapes {
            for size in sizes {
                let text = String(String(repeating: unit, count: size / unit.utf8.count + 1).utf8.prefix(size))!
                let clock = ContinuousClock()
                var findings = 0
                let elapsed = clock.measure { findings = coach.review(text).count }
                let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                lines.append(String(format: "| %@ | %d KB | %.1f | %.3f | %d |", name, size >> 10, ms, ms / Double(size >> 10), findings))
            }
        }
        return lines.joined(separator: "\n")
    }
}
