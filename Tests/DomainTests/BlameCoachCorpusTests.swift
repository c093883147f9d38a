import Domain
import Foundation
import Testing

/// The coach measured on `docs/coach-corpus.tsv`: half blameful sentences, half tricky neutral ones.
/// The figures are reported in docs/COACH.md; these bounds stop a rule change from quietly making it worse.
@Suite struct BlameCoachCorpusTests {
    struct Example {
        let blameful: Bool
        let category: String
        let sentence: String
    }

    static func corpus() throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/coach-corpus.tsv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return Example(blameful: fields[0] == "blame", category: fields[1], sentence: fields[2])
        }
    }

    @Test func precisionAndRecallOnTheLabelledCorpus() throws {
        let corpus = try Self.corpus()
        let coach = BlameCoach()
        var truePositives = 0, falsePositives = 0, falseNegatives = 0, rightCategory = 0
        for example in corpus {
            let findings = coach.review(example.sentence)
            switch (example.blameful, findings.isEmpty) {
            case (true, false):
                truePositives += 1
                if findings.contains(where: { $0.category.rawValue == example.category }) { rightCategory += 1 }
            case (true, true):
                falseNegatives += 1
                print("missed [\(example.category)]: \(example.sentence)")
            case (false, false):
                falsePositives += 1
                print("false alarm [\(example.category)] \(findings.map(\.category.rawValue)): \(example.sentence)")
            case (false, true): break
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        print(String(format: "coach corpus: %d sentences, precision %.3f, recall %.3f, category agreement %.3f",
            corpus.count, precision, recall, Double(rightCategory) / Double(max(1, truePositives))))

        #expect(corpus.count >= 150)
        #expect(precision >= 0.9)
        #expect(recall >= 0.85)
    }
}
