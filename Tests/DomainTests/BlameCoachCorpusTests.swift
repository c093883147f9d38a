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

    static func corpus(_ name: String = "coach-corpus.tsv") throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return Example(blameful: fields[0] == "blame", category: fields[1], sentence: fields[2])
        }
    }

    struct Score {
        let sentences: Int
        let precision: Double
        let recall: Double
        let categoryAgreement: Double
    }

    /// Misses are printed for the tuning and training corpora only: printing a held-out corpus's
    /// misses would invite tuning on them, so held-out corpora print their figures and nothing else.
    static func score(_ corpus: [Example], label: String) -> Score {
        let showMisses = !label.hasPrefix("held-out")
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
                if showMisses { print("\(label) missed [\(example.category)]: \(example.sentence)") }
            case (false, false):
                falsePositives += 1
                if showMisses { print("\(label) false alarm [\(example.category)] \(findings.map(\.category.rawValue)): \(example.sentence)") }
            case (false, true): break
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        let agreement = Double(rightCategory) / Double(max(1, truePositives))
        print(String(format: "%@: %d sentences, precision %.3f, recall %.3f, category agreement %.3f",
            label, corpus.count, precision, recall, agreement))
        return Score(sentences: corpus.count, precision: precision, recall: recall, categoryAgreement: agreement)
    }

    /// The corpus the rules were developed against.
    @Test func precisionAndRecallOnTheTuningCorpus() throws {
        let score = Self.score(try Self.corpus(), label: "tuning corpus")

        #expect(score.sentences >= 150)
        #expect(score.precision >= 0.95)
        #expect(score.recall >= 0.95)
    }

    /// A corpus written separately and never used to change a rule: the honest figure.
    @Test func precisionAndRecallOnTheHeldOutCorpus() throws {
        let score = Self.score(try Self.corpus("coach-heldout.tsv"), label: "held-out corpus")

        #expect(score.sentences >= 150)
        // Guards set just under the figures recorded in docs/COACH.md (1.000 and 0.965).
        #expect(score.precision >= 0.95)
        #expect(score.recall >= 0.95)
    }

    /// A second held-out corpus (322 sentences from calls, proposals, renewals and CRM notes, written
    /// without looking at the rules, after the rules were generalised). Never used to change a rule.
    @Test func precisionAndRecallOnTheSecondHeldOutCorpus() throws {
        let score = Self.score(try Self.corpus("coach-heldout-2.tsv"), label: "held-out corpus 2")

        #expect(score.sentences >= 300)
        #expect(score.precision >= 0.95)  // measured 0.961 (docs/COACH.md)
        #expect(score.recall >= 0.91)  // measured 0.925
    }

    /// A third held-out corpus (320 sentences), written for the learned second stage and never read by
    /// `scripts/train_coach.py`.
    @Test func precisionAndRecallOnTheThirdHeldOutCorpus() throws {
        let score = Self.score(try Self.corpus("coach-heldout-3.tsv"), label: "held-out corpus 3")

        #expect(score.sentences >= 300)
        #expect(score.precision >= 0.95)  // measured 0.980 (docs/COACH.md)
        #expect(score.recall >= 0.91)  // measured 0.925
    }

    /// A fourth held-out corpus (340 sentences from call notes, renewals, CRM notes and Slack), written
    /// in December by someone who read neither the rules nor any other corpus; never read by the
    /// training script and never used to change a rule.
    @Test func precisionAndRecallOnTheFourthHeldOutCorpus() throws {
        let score = Self.score(try Self.corpus("coach-heldout-4.tsv"), label: "held-out corpus 4")

        #expect(score.sentences >= 300)
        #expect(score.precision >= 0.95)  // measured 0.963 (docs/COACH.md)
        #expect(score.recall >= 0.90)  // measured 0.918
    }

    /// The training corpora are not a measure of accuracy on unseen text (the second stage learned
    /// from them), but a rule change that starts flagging their hard neutral sentences shows up here.
    @Test(arguments: ["coach-training-1.tsv", "coach-training-2.tsv", "coach-training-3.tsv", "coach-training-4.tsv", "coach-training-5.tsv"])
    func theTrainingCorporaStayRight(file: String) throws {
        let score = Self.score(try Self.corpus(file), label: file)

        #expect(score.precision >= 0.97)
        #expect(score.recall >= 0.95)
    }
}
