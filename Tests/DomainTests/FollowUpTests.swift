import Domain
import Foundation
import Testing

@Suite struct FollowUpDomainTests {
    let team = TeamID()
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func member(_ name: String, _ topics: [String], active: Bool = true) -> Member {
        Member(teamID: team, name: name, email: "\(name.lowercased())@x.test", role: .rep, expertise: topics, active: active, createdAt: now)
    }

    @Test func expertsAreRankedByHowManyQuestionsTheyCoverAndNeverTheRep() {
        let rep = member("Rita", ["operations"])
        let otto = member("Otto", ["operations"])
        let paula = member("Paula", ["pricing", "operation"])
        let gone = member("Gus", ["operations"], active: false)

        let suggestions = ExpertFinder.suggest(for: ["operations": 2, "pricing": 1], among: [rep, otto, paula, gone], excluding: rep.id)

        #expect(suggestions.map(\.member.name) == ["Paula", "Otto"])
        #expect(suggestions.first?.topics == ["operations", "pricing"])
        #expect(suggestions.first?.reason == "Paula knows operations (2 questions) and pricing, which came up last time.")
    }

    @Test func workingDaysSkipWeekends() {
        // 2026-11-19 is a Thursday.
        let thursday = Date(timeIntervalSince1970: 1_795_088_000)
        #expect(WorkingDays.add(2, to: thursday, in: .gmt) == thursday.addingTimeInterval(4 * 86_400))
        #expect(WorkingDays.add(1, to: thursday, in: .gmt) == thursday.addingTimeInterval(86_400))
    }

    @Test func calendarLinesAreFoldedAtSeventyFiveOctetsWithoutSplittingCharacters() {
        var writer = ICalendarWriter()
        writer.line("DESCRIPTION:" + Escape.icsText(String(repeating: "é, ", count: 60)))

        let lines = writer.output.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(writer.output.contains("é\\, "))
    }

    @Test func openersNameWhatWentWrongAndWhoIsComing() {
        let account = Account(teamID: team, name: "Globex", createdAt: now)
        let failure = FailureSummary(event: .interaction(InteractionID()), occurredAt: now, kind: "call", repID: nil, summary: nil, lostReason: nil)
        var answered = Question(teamID: team, reflectionID: nil, accountID: account.id, askedByID: MemberID(), text: "SSO?", topic: "security", createdAt: now)
        try? answered.answer("Yes, SAML.", by: MemberID(), at: now)
        let open = Question(teamID: team, reflectionID: nil, accountID: account.id, askedByID: MemberID(), text: "Discount?", topic: "pricing", createdAt: now)
        let expert = ExpertSuggestion(member: member("Sam", ["security"]), topics: ["security"], reason: "")

        let brief = FollowUpBrief(
            account: account, failure: failure, answeredQuestions: [answered], openQuestions: [open], experts: [expert], reflection: nil, lessons: [])

        #expect(brief.openers.count == 3)
        #expect(brief.openers[0].contains("2 questions I couldn't answer well. I have answers to 1 of them today"))
        #expect(brief.openers[1].contains("pricing and security") && brief.openers[1].contains("Sam"))
        #expect(brief.preparation.isEmpty)
    }
}
