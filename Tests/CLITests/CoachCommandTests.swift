import App
import Foundation
import Testing

@Suite struct CoachCommandTests {
    @Test func jsonOutputIsAnArrayOfFindingsWithOneBasedLines() throws {
        let output = try CoachReport.render("Fine call.\nWhy didn't you send the deck?", json: true)

        let findings = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["line"] as? Int == 2)
        #expect(findings.first?["category"] as? String == "why-question")
        #expect(findings.first?["suggestion"] as? String != nil)
    }

    @Test func textOutputNamesThePlaceAndTheSuggestion() throws {
        let output = try CoachReport.render("We need to try harder.", json: false)

        #expect(output.hasPrefix("1:12 empty-fix: \"try harder\""))
        #expect(output.contains("try: "))
    }

    @Test func cleanTextSaysSo() throws {
        #expect(try CoachReport.render("Next time we bring the ops lead.", json: false) == "No blame language found.")
        #expect(try CoachReport.render("", json: true) == "[\n\n]")
    }
}
