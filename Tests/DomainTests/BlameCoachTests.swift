import Domain
import Testing

@Suite struct BlameCoachTests {
    let coach = BlameCoach()

    @Test func aFindingNamesCategoryPhraseRangeLineAndASuggestion() throws {
        let text = "The demo went fine.\nTom should have sent the pricing sheet."

        let findings = coach.review(text)

        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.category == .counterfactual)
        #expect(finding.line == 2)
        #expect(finding.column == 1)
        #expect(finding.phrase == "Tom should have")
        #expect(Array(text)[finding.start..<finding.end].map(String.init).joined() == "Tom should have")
        #expect(!finding.suggestion.isEmpty)
    }

    @Test(arguments: [
        "Next time we should bring the operations manager to the call.",
        "The integration failed twice during the pilot.",
        "The customer said \"you should have told us about the price change\".",
        "What did we know about their budget at that point?",
        "I felt rushed because the call started late.",
        "We should have the signed order form back by Thursday.",
    ])
    func neutralAndForwardLookingTextIsLeftAlone(text: String) {
        #expect(coach.review(text).isEmpty)
    }

    @Test(arguments: [
        ("Why didn't you follow up after the demo?", BlameCategory.whyQuestion),
        ("All she had to do was send the contract.", .minimising),
        ("Root cause: human error.", .humanError),
        ("We need to be more careful with discounts.", .emptyFix),
        ("Obviously he was never going to close it.", .hindsight),
        ("He is so careless with follow-ups.", .character),
        ("Priya dropped the ball on the renewal.", .blame),
        ("If only we had called them in March.", .counterfactual),
    ])
    func eachKindOfBlameLanguageIsRecognised(text: String, category: BlameCategory) {
        #expect(coach.review(text).map(\.category) == [category])
    }

    @Test func offsetsCountCharactersNotBytes() throws {
        let text = "Zoë’s note 🙂: José dropped the ball."

        let finding = try #require(coach.review(text).first)

        #expect(Array(text)[finding.start..<finding.end].map(String.init).joined() == "dropped the ball")
        #expect(finding.column == finding.start + 1)
    }
}
