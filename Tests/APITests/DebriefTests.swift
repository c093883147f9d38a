import Foundation
import Hummingbird
import Testing
import TestSupport

/// Seed 000 as software: a failure opens a debrief with a clock; participants write their own view of
/// seven areas, private until submitted; the team merges a timeline and ends with lessons and actions.
@Suite struct DebriefTests {
    struct Team {
        let admin: Session
        let rep: Session
        let colleague: Session
        let account: String
    }

    func team(_ api: APIClient) async throws -> Team {
        let admin = try await api.setup()
        let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
        let colleague = try await api.addMember(by: admin, name: "Sam Solutions", email: "sam@acme.test", expertise: ["security"])
        return Team(admin: admin, rep: rep, colleague: colleague, account: try await api.createAccount(admin))
    }

    /// A deal owned by the rep, with one bad call, then lost: returns the debrief it opened.
    func lostDeal(_ api: APIClient, _ team: Team) async throws -> (deal: String, debrief: String, call: String) {
        let deal = try await api.request(
            .post, "/api/v1/deals", json: ["accountId": team.account, "name": "Fleet renewal", "ownerId": team.rep.memberID], token: team.rep.token)
        let dealID = try deal.decode(DealReply.self).id
        let call = try await api.request(
            .post, "/api/v1/interactions",
            json: ["accountId": team.account, "dealId": dealID, "kind": "call", "outcome": "bad", "summary": "Pricing questions we could not answer"],
            token: team.rep.token)
        let lost = try await api.request(
            .patch, "/api/v1/deals/\(dealID)", json: ["status": "lost", "lostReason": "Went with a cheaper vendor"], token: team.rep.token)
        let debrief = try #require((try? lost.decode(DealReply.self))?.openedDebriefId, "losing the deal did not open a debrief: \(lost.text)")
        return (dealID, debrief, try call.decode(LoggedReply.self).interaction.id)
    }

    @Test(arguments: TestDatabase.enabled)
    func losingADealOpensADebriefDueSeventyTwoHoursLaterAndMarksItOverdue(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)

            let debrief = try await api.get("/api/v1/debriefs/\(lost.debrief)", token: team.colleague.token).decode(WorkspaceReply.self)
            let summary = debrief.debrief
            clock.advance(hours: 73)
            let overdue = try await api.get("/api/v1/debriefs?overdue=true", token: team.admin.token).decode(Page<DebriefReply>.self)
            let lostAgain = try await api.request(.patch, "/api/v1/deals/\(lost.deal)", json: ["status": "cancelled"], token: team.rep.token)

            #expect(summary.title == "Lost: Fleet renewal")
            #expect(summary.status == "scheduled")
            #expect(summary.eventAt == iso(clock.now.addingTimeInterval(-73 * 3600)))
            #expect(summary.dueAt == iso(clock.now.addingTimeInterval(-3600)))
            #expect(summary.overdue == false)
            // The admin is not involved in the deal, so facilitates; the rep who owns it takes part.
            #expect(summary.facilitatorId == team.admin.memberID)
            #expect(summary.participantIds.contains(team.rep.memberID))
            #expect(debrief.areas.count == 7)
            #expect(overdue.items.map(\.id) == [lost.debrief])
            #expect(overdue.items.first?.overdue == true)
            // The deal already has its debrief: cancelling it opens no second one.
            #expect(try lostAgain.decode(DealReply.self).openedDebriefId == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theTeamsDebriefDueTimeIsASetting(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let team = try await team(api)
            _ = try await api.request(.patch, "/api/v1/team", json: ["reviewPolicy": ["debriefDueHours": 24]], token: team.admin.token)

            let lost = try await lostDeal(api, team)
            let debrief = try await api.get("/api/v1/debriefs/\(lost.debrief)", token: team.rep.token).decode(WorkspaceReply.self)

            #expect(debrief.debrief.dueAt == iso(clock.now.addingTimeInterval(24 * 3600)))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRepOrManagerEscalatesABadCallOnce(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)
            let call = try await api.logInteraction(team.rep, account: team.account, outcome: "bad")

            let byColleague = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: team.colleague.token)
            let first = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: team.rep.token)
            let second = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: team.admin.token)

            #expect(byColleague.status == .forbidden)
            #expect(first.status == .created)
            let opened = try first.decode(DebriefReply.self)
            #expect(opened.interactionId == call.interaction)
            #expect(opened.title == "Bad call with Globex")
            #expect(second.status == .ok)
            #expect(try second.decode(DebriefReply.self).id == opened.id)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func perspectivesStayPrivateUntilSubmittedThenSitSideBySide(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)
            let path = "/api/v1/debriefs/\(lost.debrief)"
            _ = try await api.request(.patch, path, json: ["participantIds": [team.rep.memberID, team.colleague.memberID]], token: team.admin.token)

            let draft = try await api.request(
                .put, "\(path)/perspectives/mental-model", json: ["text": "I thought procurement would wait for our revised quote."],
                token: team.rep.token)
            let blameful = try await api.request(
                .put, "\(path)/perspectives/context", json: ["text": "Sam should have joined the pricing call."], token: team.rep.token)
            let seenByOthersBefore = try await api.get(path, token: team.colleague.token)
            let seenByAuthor = try await api.get(path, token: team.rep.token)
            _ = try await api.request(
                .put, "\(path)/perspectives/mental-model", json: ["text": "I expected the security review to decide it, not price."],
                token: team.colleague.token)
            let submitted = try await api.request(.post, "\(path)/perspectives/submit", token: team.rep.token)
            _ = try await api.request(.post, "\(path)/perspectives/submit", token: team.colleague.token)
            let after = try await api.get(path, token: team.admin.token)
            let outsider = try await api.request(.put, "\(path)/perspectives/timeline", json: ["text": "x"], token: team.admin.token)
            let unknownArea = try await api.request(.put, "\(path)/perspectives/feelings", json: ["text": "x"], token: team.rep.token)

            #expect(draft.status == .ok)
            #expect(try draft.decode(PerspectiveReply.self).submitted == false)
            #expect(try blameful.decode(PerspectiveReply.self).coach.first?.category == "counterfactual")
            #expect(try Self.perspectives(seenByOthersBefore).isEmpty)
            // The draft's text appears nowhere in the reply, not only not among the perspectives.
            #expect(!seenByOthersBefore.text.contains("procurement would wait"))
            #expect(try Self.perspectives(seenByAuthor).count == 2)
            #expect(try submitted.decode(SubmittedReply.self).submitted == 2)
            let mentalModels = try Self.perspectives(after, area: "mental-model").map(\.text)
            #expect(Set(mentalModels) == [
                "I thought procurement would wait for our revised quote.", "I expected the security review to decide it, not price.",
            ])
            // The facilitator is a participant; the admin here facilitates, so may write too.
            #expect(outsider.status == .ok)
            #expect(unknownArea.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func nonParticipantsCannotWritePerspectives(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)

            let reply = try await api.request(
                .put, "/api/v1/debriefs/\(lost.debrief)/perspectives/timeline", json: ["text": "Not my deal"], token: team.colleague.token)

            #expect(reply.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theTimelineIsProposedFromTheDealsInteractionsOrderedAndEditedWithHistory(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)
            let path = "/api/v1/debriefs/\(lost.debrief)/timeline"

            let proposals = try await api.get("\(path)/proposals", token: team.rep.token)
            let accepted = try await api.request(.post, "\(path)/proposals", json: ["interactionIds": [lost.call]], token: team.rep.token)
            let again = try await api.request(.post, "\(path)/proposals", json: ["interactionIds": [lost.call]], token: team.rep.token)
            let earlier = try await api.request(
                .post, path,
                json: ["occurredAt": iso(clock.now.addingTimeInterval(-86_400)), "actor": "Customer CFO", "description": "Asked for a 20% discount", "source": "email"],
                token: team.rep.token)
            let entryID = try earlier.decode(TimelineEntryReply.self).id
            let edited = try await api.request(.patch, "\(path)/\(entryID)", json: ["description": "Asked for a 25% discount"], token: team.admin.token)
            let timeline = try await api.get(path, token: team.colleague.token).decode(Page<TimelineEntryReply>.self)
            let history = try await api.get("\(path)/\(entryID)/history", token: team.colleague.token).decode(Page<TimelineRevisionReply>.self)

            let proposed = try proposals.decode(Page<TimelineEntryReply>.self).items
            #expect(proposed.count == 1)
            #expect(proposed.first?.description.contains("Pricing questions we could not answer") == true)
            #expect(try accepted.decode(Page<TimelineEntryReply>.self).items.first?.actor == "Rita Rep")
            #expect(again.status == .unprocessableContent)
            #expect(try edited.decode(TimelineEntryReply.self).description == "Asked for a 25% discount")
            #expect(timeline.items.map(\.actor) == ["Customer CFO", "Rita Rep"])
            #expect(history.items.first?.description == "Asked for a 20% discount")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aDebriefEndsWithLessonsAndOwnedActionsAndTheCoachFlagsEmptyFixes(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)
            let path = "/api/v1/debriefs/\(lost.debrief)"

            let lesson = try await api.request(
                .post, "\(path)/lessons", json: ["text": "Bring a security engineer to enterprise pricing calls", "tags": ["Security", "pricing"]],
                token: team.rep.token)
            let empty = try await api.request(
                .post, "\(path)/actions", json: ["title": "Be more careful with discounts", "ownerId": team.rep.memberID, "dueDate": "2026-12-01"],
                token: team.rep.token)
            let concrete = try await api.request(
                .post, "\(path)/actions",
                json: ["title": "Add a security question to the discovery template", "ownerId": team.colleague.memberID, "dueDate": "2026-12-05"],
                token: team.admin.token)
            let ownerless = try await api.request(.post, "\(path)/actions", json: ["title": "Something", "dueDate": "2026-12-05"], token: team.rep.token)
            let concreteAction = try concrete.decode(ActionItemReply.self)
            let done = try await api.request(.patch, "/api/v1/actions/\(concreteAction.id)", json: ["status": "done"], token: team.colleague.token)
                .decode(ActionItemReply.self)
            let byTag = try await api.get("/api/v1/lessons?tag=security", token: team.colleague.token).decode(Page<LessonReply>.self)
            let byText = try await api.get("/api/v1/lessons?q=ENGINEER", token: team.colleague.token).decode(Page<LessonReply>.self)
            let mine = try await api.get("/api/v1/actions?mine=true", token: team.rep.token).decode(Page<ActionItemReply>.self)

            #expect(lesson.status == .created)
            let created = try lesson.decode(LessonReply.self)
            #expect(created.tags == ["security", "pricing"])
            #expect(try empty.decode(ActionItemReply.self).coach.first?.category == "empty-fix")
            #expect(concreteAction.coach.isEmpty)
            #expect(ownerless.status == .unprocessableContent)
            #expect(ownerless.problemFields == ["ownerId"])
            #expect(done.status == "done")
            #expect(done.closedAt != nil)
            #expect(byTag.items.map(\.id) == [created.id])
            #expect(byText.items.map(\.id) == [created.id])
            #expect(mine.items.map(\.title) == ["Be more careful with discounts"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func completingSchedulesASoakRevisitTwoWorkingDaysLaterAndOpensThePulse(database: TestDatabase) async throws {
        // The test clock starts on a Wednesday; completing on Thursday puts the revisit on Monday.
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)
            let path = "/api/v1/debriefs/\(lost.debrief)"
            let early = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": true], token: team.rep.token)
            let byRep = try await api.request(.post, "\(path)/complete", token: team.rep.token)
            clock.advance(hours: 24)

            let completed = try await api.request(.post, "\(path)/complete", token: team.admin.token)
            let first = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": false], token: team.rep.token)
            let twice = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": true], token: team.rep.token)
            let outsider = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": true], token: team.colleague.token)
            _ = try await api.request(.patch, path, json: ["participantIds": [team.rep.memberID, team.colleague.memberID]], token: team.admin.token)
            _ = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": false, "wouldAttendAgain": true], token: team.colleague.token)
            let third = try await api.request(.post, "\(path)/pulse", json: ["learnedSomething": true, "wouldAttendAgain": true], token: team.admin.token)
            let teamPulse = try await api.get("/api/v1/pulse", token: team.rep.token).decode(PulseReply.self)

            #expect(early.status == .conflict)
            #expect(byRep.status == .forbidden)
            let debrief = try completed.decode(DebriefReply.self)
            #expect(debrief.status == "completed")
            #expect(debrief.soakRevisitAt == iso(clock.now.addingTimeInterval(4 * 86_400)))
            #expect(first.status == .created)
            #expect(try first.decode(PulseReply.self).responses == 1)
            // Checked on the raw JSON: the count must be absent, not merely null.
            #expect(first["learnedSomething"] == nil, "one answer must not be reported: it identifies the person")
            #expect(twice.status == .conflict)
            #expect(outsider.status == .forbidden)
            let report = try third.decode(PulseReply.self)
            #expect(report.responses == 3)
            #expect(report.learnedSomething == 2)
            #expect(report.wouldAttendAgain == 2)
            #expect(!third.text.contains(team.rep.memberID))
            #expect(teamPulse.responses == 3)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aCompletedDebriefExportsAsMarkdownWithoutDraftsOrInjectedMarkup(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)
            let lost = try await lostDeal(api, team)
            let path = "/api/v1/debriefs/\(lost.debrief)"
            _ = try await api.request(.put, "\(path)/perspectives/timeline", json: ["text": "We heard about the budget cut late."], token: team.rep.token)
            _ = try await api.request(.post, "\(path)/perspectives/submit", token: team.rep.token)
            _ = try await api.request(.put, "\(path)/perspectives/knowledge", json: ["text": "DRAFT nobody may read"], token: team.rep.token)
            _ = try await api.request(.patch, path, json: ["summary": "Lost on price <script>alert(1)</script>"], token: team.admin.token)
            _ = try await api.request(.post, "\(path)/lessons", json: ["text": "Confirm budget owners early", "tags": ["budget"]], token: team.rep.token)
            let notYet = try await api.get("\(path)/export.md", token: team.rep.token)
            _ = try await api.request(.post, "\(path)/complete", token: team.admin.token)

            let export = try await api.get("\(path)/export.md", token: team.colleague.token)

            #expect(notYet.status == .conflict)
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/markdown; charset=utf-8")
            for section in ["# Debrief: Lost: Fleet renewal", "## Summary", "## Timeline", "## Perspectives", "## Lessons", "## Action items"] {
                #expect(export.text.contains(section), "missing \(section)")
            }
            #expect(export.text.contains("We heard about the budget cut late."))
            #expect(export.text.contains("Confirm budget owners early"))
            #expect(!export.text.contains("DRAFT nobody may read"))
            #expect(!export.text.contains("<script>"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theCoachAnswersOverTheAPI(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let team = try await team(api)

            let reply = try await api.request(
                .post, "/api/v1/coach", json: ["text": "Obviously Rita should have known.\nNext time we should bring Sam."], token: team.rep.token)

            let findings = try reply.decode(CoachReply.self).findings
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0.category == "hindsight" && $0.line == 1 })
        }
    }

    /// The perspectives a workspace shows, in every area or in one.
    static func perspectives(_ workspace: Reply, area: String? = nil) throws -> [PerspectiveReply] {
        try workspace.decode(WorkspaceReply.self).areas.filter { area == nil || $0.area == area }.flatMap(\.perspectives)
    }
}
