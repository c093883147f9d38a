import App
import Foundation
import Hummingbird
import SQLStorage
import Testing
import TestSupport

/// Seed 002's follow-up: name the elephant, bring last time's answers, bring help; failure is not final.
@Suite struct FollowUpTests {
    struct Scene {
        let admin: Session
        let rep: Session
        let ops: Session
        let account: String
        let call: (interaction: String, reflection: String)
        let answered: String
        let stillOpen: String
    }

    /// A scripted bad call: two unanswered questions (operations, pricing); ops answers one; the rep reflects privately.
    func badCall(_ api: APIClient) async throws -> Scene {
        let admin = try await api.setup()
        let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test", expertise: ["pricing"])
        let ops = try await api.addMember(by: admin, name: "Otto Ops", email: "otto@acme.test", role: "manager", expertise: ["Operations"])
        let account = try await api.createAccount(admin, name: "Globex", industry: "Logistics")
        let call = try await api.logInteraction(rep, account: account, outcome: "bad")
        let path = "/api/v1/reflections/\(call.reflection)"
        _ = try await api.request(
            .patch, path,
            json: ["wordingToChange": "Say 'let me check with our ops team' instead of guessing", "preparation": "Read their warehouse layout",
                   "missingInformation": "Number of sites"], token: rep.token)
        let q1 = try await api.request(
            .post, "\(path)/questions", json: ["text": "Can you integrate with our warehouse management system?", "topic": "operations"], token: rep.token)
        let q2 = try await api.request(.post, "\(path)/questions", json: ["text": "Is there a discount for three-year terms?", "topic": "pricing"], token: rep.token)
        let answered = try q1.decode(QuestionCreatedReply.self).question.id
        let stillOpen = try q2.decode(QuestionCreatedReply.self).question.id
        let answer = try await api.request(
            .patch, "/api/v1/questions/\(answered)", json: ["status": "answered", "answer": "Yes: we ship a certified connector for SAP EWM and Manhattan."],
            token: ops.token)
        try #require(answer.status == .ok, "answering failed: \(answer.text)")
        return Scene(admin: admin, rep: rep, ops: ops, account: account, call: call, answered: answered, stillOpen: stillOpen)
    }

    @Test(arguments: TestDatabase.enabled)
    func unansweredQuestionsAreListedTeamWideAndTheirAnswersAreOfferedAgain(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)

            let open = try await api.get("/api/v1/questions?status=open", token: scene.ops.token)
            let later = try await api.request(
                .post, "/api/v1/questions", json: ["text": "Does it integrate with warehouse management software?", "accountId": scene.account],
                token: scene.admin.token)
            let similar = try await api.get("/api/v1/questions/similar?text=warehouse%20integration", token: scene.rep.token)
                .decode(Page<SuggestedAnswerReply>.self)
            let dropped = try await api.request(.patch, "/api/v1/questions/\(scene.stillOpen)", json: ["status": "dropped"], token: scene.admin.token)
                .decode(QuestionReply.self)
            let openAfter = try await api.get("/api/v1/questions?status=open&topic=pricing", token: scene.ops.token).decode(Page<QuestionReply>.self)

            let openQuestions = try open.decode(Page<QuestionReply>.self).items
            #expect(openQuestions.map(\.id) == [scene.stillOpen])
            #expect(openQuestions.first?.accountId == scene.account)
            // Checked on the raw JSON: the field must be absent, and QuestionReply has no such field to check.
            #expect(open.items.first?["reflectionId"] == nil, "the library must not point at a private reflection")
            let suggestions = try later.decode(QuestionCreatedReply.self).suggestedAnswers
            #expect(suggestions.first?.questionId == scene.answered)
            #expect(suggestions.first?.answer.contains("SAP EWM") == true)
            #expect(similar.items.first?.questionId == scene.answered)
            #expect(dropped.status == "dropped")
            #expect(openAfter.items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBriefForABadCallNamesTheElephantAnswersQuestionsAndSuggestsAnExpert(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)
            _ = try await api.request(.post, "/api/v1/interactions/\(scene.call.interaction)/escalate", token: scene.rep.token)
            let debriefs = try await api.get("/api/v1/debriefs", token: scene.admin.token).decode(Page<DebriefReply>.self)
            _ = try await api.request(
                .post, "/api/v1/debriefs/\(try #require(debriefs.items.first).id)/lessons",
                json: ["text": "Bring operations to logistics calls where warehouse integration comes up", "tags": ["operations"]], token: scene.admin.token)

            let reply = try await api.get("/api/v1/accounts/\(scene.account)/brief", token: scene.rep.token)

            #expect(reply.status == .ok)
            let brief = try reply.decode(BriefReply.self)
            #expect(brief.openers.count >= 2)
            #expect(brief.openers.contains { $0.contains("2 questions") && $0.contains("answers to 1 of them") })
            #expect(brief.questions.answered.first?.answer == "Yes: we ship a certified connector for SAP EWM and Manhattan.")
            #expect(brief.questions.stillOpen.first?.id == scene.stillOpen)
            #expect(brief.bringAlong.first?.name == "Otto Ops")
            #expect(brief.bringAlong.first?.reason.contains("operations") == true)
            #expect(!brief.bringAlong.contains { $0.memberId == scene.rep.memberID }, "never suggest the rep themself")
            #expect(brief.preparation.contains { $0.kind == "wording" })
            #expect(brief.lessons.first?.text == "Bring operations to logistics calls where warehouse integration comes up")
            #expect(brief.failure.interactionId == scene.call.interaction)
            #expect(brief.failure.repName == "Rita Rep", "the brief says whose call it was")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBriefShowsPrivateReflectionNotesOnlyToTheirAuthor(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)

            let forOps = try await api.get("/api/v1/accounts/\(scene.account)/brief", token: scene.ops.token)
            let markdown = try await api.get("/api/v1/accounts/\(scene.account)/brief.md", token: scene.ops.token)

            #expect(forOps.status == .ok)
            #expect(try forOps.decode(BriefReply.self).preparation.isEmpty)
            // The notes appear nowhere in the reply, not only not under preparation.
            #expect(!forOps.text.contains("warehouse layout"))
            #expect(!markdown.text.contains("warehouse layout"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBriefExportsAsMarkdownAndTheCLIPrintsTheSame(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)

            let markdown = try await api.get("/api/v1/accounts/\(scene.account)/brief.md", token: scene.rep.token)
            let printed = try await withDatabase(api.location, logLevel: .error) { database in
                try await renderBrief(repositories: database.repositories().all, account: "globex", viewerEmail: "rita@acme.test")
            }

            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            for part in ["# Follow-up brief: Globex", "## Name the elephant in the room", "## Last time's questions", "STILL OPEN", "## Who to bring", "Otto Ops", "## Preparation", "Read their warehouse layout"] {
                #expect(markdown.text.contains(part), "missing \(part)")
            }
            #expect(printed == markdown.text)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anAccountWithoutAFailureHasNoBrief(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            _ = try await api.logInteraction(admin, account: account, outcome: "good")

            let reply = try await api.get("/api/v1/accounts/\(account)/brief", token: admin.token)

            #expect(reply.status == .notFound)
            #expect(try reply.decode(ProblemReply.self).type == "urn:rebound:problem:no-failure")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func expertsMatchTopicsAndNeverIncludeTheRep(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)

            let ops = try await api.get("/api/v1/experts?topics=operations", token: scene.rep.token).decode(Page<ExpertReply>.self)
            let pricing = try await api.get("/api/v1/experts?topics=pricing", token: scene.rep.token).decode(Page<ExpertReply>.self)
            let missing = try await api.get("/api/v1/experts", token: scene.rep.token)

            #expect(ops.items.map(\.name) == ["Otto Ops"])
            #expect(pricing.items.isEmpty, "the rep is the only pricing expert and must not be suggested to themself")
            #expect(missing.status == .badRequest)
            // The problem shows what a valid query looks like.
            #expect(try missing.decode(ProblemReply.self).detail == "topics: is required, e.g. topics=operations,pricing")
            #expect(missing.problemFields == ["topics"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aFollowUpRecordsRecoveryAndTheAccountShowsItsHistory(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)
            let before = try await api.get("/api/v1/accounts/\(scene.account)/history", token: scene.rep.token).decode(AccountHistoryReply.self)

            let followUp = try await api.request(
                .post, "/api/v1/interactions",
                json: ["accountId": scene.account, "kind": "meeting", "outcome": "good", "followUpOfInteractionId": scene.call.interaction, "recovery": "progressing"],
                token: scene.rep.token)
            let followUpID = try followUp.decode(LoggedReply.self).interaction.id
            let recovered = try await api.request(.patch, "/api/v1/interactions/\(followUpID)", json: ["recovery": "recovered"], token: scene.rep.token)
                .decode(InteractionReply.self)
            let wrong = try await api.request(
                .post, "/api/v1/interactions", json: ["accountId": scene.account, "kind": "call", "outcome": "good", "followUpOfInteractionId": followUpID],
                token: scene.rep.token)
            let after = try await api.get("/api/v1/accounts/\(scene.account)/history", token: scene.admin.token).decode(AccountHistoryReply.self)

            #expect(before.recovery == "no-follow-up-yet")
            #expect(followUp.status == .created)
            #expect(recovered.recovery == "recovered")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.problemFields == ["followUpOfInteractionId"])
            #expect(after.recovery == "recovered")
            let story = after.failures.first
            #expect(story?.interactionId == scene.call.interaction)
            #expect(story?.followUps.first?.id == followUpID)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func searchRanksHighlightsAndNeverShowsAnotherMembersPrivateText(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)
            _ = try await api.request(
                .patch, "/api/v1/reflections/\(scene.call.reflection)", json: ["whatToImprove": "I froze when they asked about <b>warehouses</b>"],
                token: scene.rep.token)

            let mine = try await api.get("/api/v1/search?q=froze", token: scene.rep.token).decode(Page<SearchResultReply>.self).items
            let theirs = try await api.get("/api/v1/search?q=froze", token: scene.ops.token).decode(Page<SearchResultReply>.self).items
            let answers = try await api.get("/api/v1/search?q=connector", token: scene.ops.token).decode(Page<SearchResultReply>.self).items
            let questionsOnly = try await api.get("/api/v1/search?q=warehouse&kinds=question", token: scene.ops.token).decode(Page<SearchResultReply>.self).items
            let escaped = try await api.get("/api/v1/search?q=warehouses", token: scene.rep.token).decode(Page<SearchResultReply>.self).items
            _ = try await api.request(.post, "/api/v1/reflections/\(scene.call.reflection)/share", token: scene.rep.token)
            let shared = try await api.get("/api/v1/search?q=froze", token: scene.ops.token).decode(Page<SearchResultReply>.self).items
            let empty = try await api.get("/api/v1/search?q=%20", token: scene.ops.token)

            #expect(mine.first?.kind == "reflection")
            #expect(mine.first?.snippet.contains("<mark>froze</mark>") == true)
            #expect(theirs.isEmpty, "a private reflection leaked into another member's search")
            #expect(answers.first?.kind == "question")
            #expect(questionsOnly.allSatisfy { $0.kind == "question" })
            #expect(!questionsOnly.isEmpty)
            let snippets = escaped.map(\.snippet)
            // SQLite keeps the typed tag and it arrives escaped; PostgreSQL's headline drops tags. Neither lets markup through.
            #expect(snippets.contains { $0.contains("<mark>warehouses</mark>") || $0.contains("&lt;b&gt;") })
            #expect(!snippets.contains { $0.contains("<b>") })
            #expect(shared.first?.kind == "reflection")
            #expect(empty.status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func unsubmittedPerspectivesAndPrivateQuestionsStayOutOfOthersSearch(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let scene = try await badCall(api)
            let debrief = try await api.request(.post, "/api/v1/interactions/\(scene.call.interaction)/escalate", token: scene.rep.token)
            let path = "/api/v1/debriefs/\(try debrief.decode(DebriefReply.self).id)"
            _ = try await api.request(.put, "\(path)/perspectives/state-of-mind", json: ["text": "Exhausted after quarter close"], token: scene.rep.token)
            _ = try await api.request(
                .post, "/api/v1/reflections/\(scene.call.reflection)/questions", json: ["text": "Quarantined zebra question", "inLibrary": false],
                token: scene.rep.token)

            let draftByOthers = try await api.get("/api/v1/search?q=exhausted", token: scene.admin.token).decode(Page<SearchResultReply>.self).items
            let draftByAuthor = try await api.get("/api/v1/search?q=exhausted", token: scene.rep.token).decode(Page<SearchResultReply>.self).items
            let privateQuestion = try await api.get("/api/v1/search?q=zebra", token: scene.admin.token).decode(Page<SearchResultReply>.self).items
            let library = try await api.get("/api/v1/questions", token: scene.admin.token)
            _ = try await api.request(.post, "\(path)/perspectives/submit", token: scene.rep.token)
            let submitted = try await api.get("/api/v1/search?q=exhausted", token: scene.admin.token).decode(Page<SearchResultReply>.self).items

            #expect(draftByOthers.isEmpty)
            #expect(draftByAuthor.count == 1)
            #expect(privateQuestion.isEmpty)
            #expect(!library.text.contains("zebra"))
            #expect(submitted.first?.kind == "perspective")
        }
    }

    @Test(.enabled(if: PythonICalendar.available, "Python's icalendar is not installed (pip install icalendar); .ci/run installs it"))
    func theBriefsCalendarEventParsesWithARealICalendarParser() async throws {
        try await APIHarness.run(on: .sqlite) { api in
            let scene = try await badCall(api)

            let reply = try await api.get("/api/v1/accounts/\(scene.account)/brief.ics?start=2026-11-25T15:00:00Z&durationMinutes=45", token: scene.rep.token)
            let script = """
                import sys, icalendar
                cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
                ev = [c for c in cal.walk('VEVENT')][0]
                print(ev['SUMMARY']); print(ev.decoded('DTSTART').isoformat()); print(int((ev.decoded('DTEND') - ev.decoded('DTSTART')).total_seconds()))
                print('|'.join(sorted(str(a) for a in ev.get('ATTENDEE', []) if True)) if not isinstance(ev.get('ATTENDEE'), str) else ev.get('ATTENDEE'))
                print('STILL OPEN' in str(ev['DESCRIPTION']))
                """
            let (status, lines) = try await PythonICalendar.evaluate(script, on: reply.data)

            #expect(reply.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(status == 0)
            #expect(lines.first == "Follow-up with Globex")
            #expect(lines.dropFirst().first == "2026-11-25T15:00:00+00:00")
            #expect(lines.dropFirst(2).first == "2700")
            #expect(lines.dropFirst(3).first?.contains("mailto:otto@acme.test") == true)
            #expect(lines.last == "True")
            #expect(reply.text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        }
    }
}
