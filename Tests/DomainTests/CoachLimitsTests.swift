@testable import Domain
import Testing

/// The coach cannot be made to stall the server: sentences are bounded, each review has a time
/// budget, and its memory is bounded in bytes (`rebound coach --benchmark` shows time growing linearly).
@Suite struct CoachLimitsTests {
    @Test func aReviewStopsWhenItsBudgetIsSpent() {
        let text = "Tom dropped the ball. It was obvious."
        #expect(BlameCoach(budget: .zero).review(text).isEmpty)
        #expect(!BlameCoach(budget: nil).review(text).isEmpty)
    }

    @Test func aSentenceLongerThanTheLimitIsReviewedInPiecesWithTrueOffsets() {
        let filler = String(repeating: "word ", count: 2_000)
        let text = filler + "Tom dropped the ball"
        let findings = BlameCoach(budget: nil).review(text)
        #expect(findings.map(\.phrase) == ["dropped the ball"])
        #expect(findings.first?.start == filler.count + 4)
        #expect(BlameCoach.sentences(in: text).allSatisfy { $0.text.count <= BlameCoach.maxSentenceLength })
    }

    @Test func aRunOfLettersWithNoSpaceIsCutToo() {
        let text = String(repeating: "a", count: 10_000)
        let pieces = BlameCoach.sentences(in: text)
        #expect(pieces.count == 10_000 / BlameCoach.maxSentenceLength + 1)
        #expect(pieces.map(\.text.count).reduce(0, +) == 10_000)
    }

    @Test func theMemoHoldsFindingsNotTexts() {
        let memo = ReviewMemo(capacityBytes: 64 << 10)
        let big = String(repeating: "Tom dropped the ball. ", count: 50_000)  // about 1 MB
        memo.remember([], for: big)
        #expect(memo.findings(for: big) == [])
        #expect(memo.storedBytes < 1_000, "a megabyte of text costs the memo a few bytes")
        for index in 0..<2_000 { memo.remember([], for: "text \(index)") }
        #expect(memo.storedBytes <= 64 << 10)
    }

    @Test func linesAndColumnsAreFoundByPosition() {
        let findings = BlameCoach(budget: nil).review("All fine.\nReally.\n  Tom dropped the ball.")
        #expect(findings.first?.line == 3)
        #expect(findings.first?.column == 7)
    }
}
