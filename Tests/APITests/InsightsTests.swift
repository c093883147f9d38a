import Foundation
import Hummingbird
import Testing
import TestSupport

/// Insights checked against a scripted history whose answers are known.
@Suite struct InsightsTests {
    @Test(arguments: TestDatabase.enabled)
    func insightsMatchAScriptedHistory(database: TestDatabase) async throws {
        let clock = TestClock()
        let t0 = clock.now
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let hourAgo = iso(t0.addingTimeInterval(-3600))
            let a = try await api.logInteraction(rep, account: account, outcome: "bad", occurredAt: hourAgo)
            let b = try await api.logInteraction(rep, account: account, outcome: "bad", occurredAt: hourAgo)
            _ = try await api.logInteraction(rep, account: account, outcome: "good", occurredAt: hourAgo)
            let d = try await api.logInteraction(rep, account: account, outcome: "good", occurredAt: hourAgo)
            func question(_ call: (interaction: String, reflection: String), _ text: String, _ topic: String) async throws -> String {
                let reply = try await api.request(.post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": text, "topic": topic], token: rep.token)
                return try reply.decode(QuestionCreatedReply.self).question.id
            }
            let q1 = try await question(a, "Do you support SAP EWM?", "operations")
            _ = try await question(a, "Can you ship to 40 sites?", "operations")
            _ = try await question(b, "Is there a multi-year discount?", "pricing")
            for call in [a, b] {
                _ = try await api.request(.patch, "/api/v1/reflections/\(call.reflection)", json: ["whatToImprove": "Prepare ops answers"], token: rep.token)
            }
            _ = try await api.request(.post, "/api/v1/reflections/\(a.reflection)/complete", token: rep.token)  // on time
            _ = try await api.request(.post, "/api/v1/reflections/\(d.reflection)/skip", token: rep.token)
            clock.advance(hours: 3)
            _ = try await api.request(.post, "/api/v1/reflections/\(b.reflection)/complete", token: rep.token)  // two hours late
            _ = try await api.request(.patch, "/api/v1/questions/\(q1)", json: ["answer": "Yes, certified connector."], token: admin.token)
            clock.advance(hours: 1)
            for (call, result) in [(a, "recovered"), (b, "lost-for-good")] {
                _ = try await api.request(
                    .post, "/api/v1/interactions",
                    json: ["accountId": account, "kind": "meeting", "outcome": "good", "followUpOfInteractionId": call.interaction, "recovery": result],
                    token: rep.token)
            }
            for (name, reason) in [("Renewal", "Price"), ("Expansion", "Price"), ("Pilot", "Timing")] {
                _ = try await api.request(
                    .post, "/api/v1/deals", json: ["accountId": account, "name": name, "status": "lost", "lostReason": reason], token: rep.token)
            }
            let debrief = try await api.request(.post, "/api/v1/interactions/\(a.interaction)/escalate", token: rep.token)
            let path = "/api/v1/debriefs/\(try debrief.decode(DebriefReply.self).id)"
            _ = try await api.request(.post, "\(path)/lessons", json: ["text": "Bring pricing sheets", "tags": ["pricing"]], token: admin.token)
            _ = try await api.request(.post, "\(path)/lessons", json: ["text": "Ask security early", "tags": ["pricing", "security"]], token: admin.token)
            _ = try await api.request(.post, "\(path)/complete", token: admin.token)
            let from = iso(t0.addingTimeInterval(-2 * 86_400)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let to = iso(t0.addingTimeInterval(5 * 3600)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

            let reply = try await api.get("/api/v1/insights?from=\(from)&to=\(to)", token: rep.token)

            #expect(reply.status == .ok)
            let insights = try reply.decode(InsightsReply.self)
            #expect(insights.reflectionsDue == 3)
            #expect(insights.reflectionsCompleted == 2)
            #expect(insights.reflectionsOnTime == 1)
            #expect(insights.medianHoursFromFailureToDebrief == 5)
            #expect(insights.questionsBeforeFollowUp == 3)
            #expect(insights.questionsAnsweredBeforeFollowUp == 1)
            #expect(insights.followUpsWithResult == 2)
            #expect(insights.recovered == 1)
            #expect(insights.openQuestions == 2)
            #expect(insights.rates.recovery == 0.5)
            func counts(_ themes: [InsightsReply.Count]) -> [String] { themes.map { "\($0.label)=\($0.count)" } }
            #expect(counts(insights.lostReasons) == ["Price=2", "Timing=1"])
            #expect(counts(insights.questionTopics) == ["operations=2", "pricing=1"])
            #expect(counts(insights.lessonTags) == ["pricing=2", "security=1"])
            #expect(insights.weeks.reduce(0) { $0 + $1.failures } == 5)
            #expect(insights.weeks.reduce(0) { $0 + $1.reflectionsCompleted } == 2)
            // Checked on the raw text: no member id anywhere in the reply, under any field.
            #expect(!reply.text.contains(rep.memberID), "insights must never single out a person")
        }
    }
}
