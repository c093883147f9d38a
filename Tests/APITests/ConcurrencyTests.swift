import Foundation
import Hummingbird
import Testing
import TestSupport

/// Trust II: ordinary concurrent editing never answers 5xx, and every acknowledged change is there
/// afterwards. SQLite allows one writer at a time; every write path must wait its turn rather than
/// fail with "database is locked", background webhook rounds included.
@Suite struct ConcurrencyTests {
    static let clients = 16
    static let rounds = 6

    struct Client: Sendable {
        let session: Session
        let interaction: String
        let reflection: String
        let debrief: String
        let question: String
    }

    struct Acknowledged: Sendable {
        var pageNotes: String?
        var lessons = 0
        var notes: String?
        var summary: String?
        var entries = 0
        var calls = 0
        var answer: String?
        var failures: [String] = []
    }

    @Test(arguments: TestDatabase.enabled)
    func sixteenClientsEditingAtOnceGetNo5xxAndLoseNothing(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let subscribed = try await api.request(
                .post, "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/hook", "events": ["debrief.opened", "question.answered", "reflection.overdue"]],
                token: admin.token)
            try #require(subscribed.status == .created)
            var clients: [Client] = []
            for index in 0..<Self.clients / 2 {
                let rep = try await api.addMember(by: admin, name: "Rep \(index)", email: "rep\(index)@acme.test")
                for _ in 0..<2 {
                    let call = try await api.logInteraction(rep, account: account, outcome: "bad")
                    let escalated = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: rep.token)
                    let debrief = try #require((try? escalated.decode(DebriefReply.self))?.id, "\(escalated.text)")
                    let question = try await api.request(
                        .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": "Can you integrate with SAP?"], token: rep.token)
                    let questionID = try question.decode(QuestionCreatedReply.self).question.id
                    clients.append(Client(session: rep, interaction: call.interaction, reflection: call.reflection, debrief: debrief, question: questionID))
                }
            }

            // A background webhook round on its own connection, as the server's dispatcher runs.
            let stop = Flag()
            let background = Task {
                try await withDispatcher(api.location, clock: TestClock()) { dispatcher in
                    while !stop.isSet {
                        try await dispatcher.runOnce()
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }

            let results = try await withThrowingTaskGroup(of: (Int, Acknowledged).self) { group in
                for (index, client) in clients.enumerated() {
                    group.addTask {
                        var ack = Acknowledged()
                        func note(_ reply: Reply, _ what: String) -> Bool {
                            if reply.status.code >= 500 { ack.failures.append("\(what): \(reply.status) \(reply.text.prefix(200))") }
                            return (200..<300).contains(reply.status.code)
                        }
                        for round in 0..<Self.rounds {
                            let token = client.session.token
                            let notes = "client \(index) round \(round)"
                            if note(try await api.request(.patch, "/api/v1/reflections/\(client.reflection)", json: ["whatWentWell": notes], token: token), "reflection") {
                                ack.notes = notes
                            }
                            if note(try await api.request(.patch, "/api/v1/interactions/\(client.interaction)", json: ["summary": notes], token: token), "interaction") {
                                ack.summary = notes
                            }
                            if note(
                                try await api.request(
                                    .post, "/api/v1/debriefs/\(client.debrief)/timeline",
                                    json: ["occurredAt": iso(Date(timeIntervalSince1970: 1_790_000_000 + Double(round) * 60)), "actor": "Rep", "description": notes],
                                    token: token), "timeline")
                            {
                                ack.entries += 1
                            }
                            if note(
                                try await api.request(
                                    .post, "/api/v1/interactions", json: ["accountId": account, "kind": "call", "outcome": "good", "summary": notes], token: token),
                                "log a call")
                            {
                                ack.calls += 1
                            }
                            if note(try await api.request(.patch, "/api/v1/questions/\(client.question)", json: ["answer": notes], token: token), "question") {
                                ack.answer = notes
                            }
                            _ = note(try await api.request(.patch, "/api/v1/accounts/\(account)", json: ["segment": "mid-market"], token: admin.token), "account")
                            _ = note(try await api.request(.patch, "/api/v1/me", json: ["expertise": ["pricing", "round \(round)"]], token: token), "me")

                            // The other write routes, checked for no 5xx: each takes the same single-writer path.
                            let deal = try await api.request(.post, "/api/v1/deals", json: ["accountId": account, "name": notes], token: token)
                            _ = note(deal, "create deal")
                            if let dealID = (try? deal.decode(DealReply.self))?.id {
                                _ = note(try await api.request(.patch, "/api/v1/deals/\(dealID)", json: ["name": notes + " v2"], token: token), "edit deal")
                            }
                            let lesson = try await api.request(.post, "/api/v1/debriefs/\(client.debrief)/lessons", json: ["text": notes, "tags": ["ops"]], token: token)
                            if note(lesson, "lesson"), let lessonID = (try? lesson.decode(LessonReply.self))?.id {
                                _ = note(try await api.request(.patch, "/api/v1/lessons/\(lessonID)", json: ["text": notes + " v2"], token: token), "edit lesson")
                            }
                            let action = try await api.request(
                                .post, "/api/v1/debriefs/\(client.debrief)/actions", json: ["title": notes, "ownerId": client.session.memberID, "dueDate": "2030-01-15"],
                                token: token)
                            if note(action, "action"), let actionID = (try? action.decode(ActionItemReply.self))?.id {
                                _ = note(try await api.request(.patch, "/api/v1/actions/\(actionID)", json: ["status": "done"], token: token), "edit action")
                            }
                            _ = note(try await api.request(.put, "/api/v1/debriefs/\(client.debrief)/perspectives/knowledge", json: ["text": notes], token: token), "perspective")
                            _ = note(try await api.request(.patch, "/api/v1/debriefs/\(client.debrief)", json: ["summary": notes], token: admin.token), "debrief summary")
                            _ = note(try await api.request(.post, "/api/v1/debriefs/\(client.debrief)/questions", json: ["text": "Asked in round \(round)?"], token: token), "debrief question")
                            _ = note(try await api.request(.post, "/api/v1/reflections/\(client.reflection)/\(round % 2 == 0 ? "share" : "unshare")", token: token), "share")
                            _ = note(try await api.request(.post, "/api/v1/accounts", json: ["name": "Account \(index)-\(round)"], token: token), "create account")
                            _ = note(try await api.request(.patch, "/api/v1/members/\(client.session.memberID)", json: ["expertise": ["ops"]], token: admin.token), "edit member")
                            _ = note(try await api.request(.post, "/api/v1/sessions", json: ["email": "rep\(index / 2)@acme.test", "password": "another good one"]), "log in")

                            // The pages write through the same paths; their forms carry the session's CSRF token.
                            let cookie = ["Cookie": "rebound_session=\(token)"]
                            let page = try await api.request(.get, "/reflections/\(client.reflection)", headers: cookie)
                            let csrf = page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/).map { String($0.1) } ?? ""
                            let form = ["Cookie": "rebound_session=\(token)"]
                            let pageText = "page \(index) round \(round)"
                            let saved = try await api.request(
                                .post, "/reflections/\(client.reflection)", raw: "_csrf=\(csrf)&whatToImprove=\(pageText.replacingOccurrences(of: " ", with: "+"))",
                                contentType: "application/x-www-form-urlencoded", headers: form)
                            if !note(saved, "page: reflection"), saved.status == .seeOther { ack.pageNotes = pageText }
                            let pageLesson = try await api.request(
                                .post, "/debriefs/\(client.debrief)/lessons", raw: "_csrf=\(csrf)&text=Lesson+\(index)+\(round)&tags=ops",
                                contentType: "application/x-www-form-urlencoded", headers: form)
                            if !note(pageLesson, "page: lesson"), pageLesson.status == .seeOther { ack.lessons += 1 }
                        }
                        return (index, ack)
                    }
                }
                return try await group.reduce(into: [Int: Acknowledged]()) { $0[$1.0] = $1.1 }
            }
            stop.set()
            try await background.value

            for (index, client) in clients.enumerated() {
                let ack = try #require(results[index])
                #expect(ack.failures.isEmpty, "client \(index): \(ack.failures)")
                let token = client.session.token
                let reflection = try await api.get("/api/v1/reflections/\(client.reflection)", token: token).decode(ReflectionReply.self)
                let interaction = try await api.get("/api/v1/interactions/\(client.interaction)", token: token).decode(InteractionReply.self)
                let timeline = try await api.get("/api/v1/debriefs/\(client.debrief)/timeline", token: token).decode(Page<TimelineEntryReply>.self)
                let question = try await api.get("/api/v1/questions/\(client.question)", token: token).decode(QuestionCreatedReply.self).question
                #expect(ack.notes == nil || reflection.whatWentWell == ack.notes, "client \(index) lost a reflection edit")
                #expect(ack.pageNotes != nil && reflection.whatToImprove == ack.pageNotes, "client \(index) lost a page edit")
                let lessons = try await api.get("/api/v1/lessons?debriefId=\(client.debrief)&limit=200", token: token).decode(Page<LessonReply>.self)
                let fromPages = lessons.items.filter { $0.text.hasPrefix("Lesson ") }.count
                #expect(fromPages == ack.lessons && ack.lessons > 0, "client \(index): \(fromPages) lessons, \(ack.lessons) acknowledged")
                #expect(ack.summary == nil || interaction.summary == ack.summary, "client \(index) lost an interaction edit")
                #expect(timeline.items.filter { $0.description.hasPrefix("client \(index) ") }.count == ack.entries)
                #expect(ack.answer == nil || question.answer == ack.answer)
            }
            let calls = try await api.get("/api/v1/interactions?outcome=good&limit=200", token: admin.token).decode(Page<InteractionReply>.self)
            #expect(calls.items.count == results.values.map(\.calls).reduce(0, +))
        }
    }
}

/// A flag set once, read from other tasks.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
