import Foundation
import Hummingbird
import Testing
import TestSupport

@Suite struct ReflectionLoopTests {
    @Test(arguments: TestDatabase.enabled)
    func theQueueListsMyPendingReflectionsSoonestDueFirstAndMarksOverdue(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let recent = try await api.logInteraction(admin, account: account, outcome: "good")
            let older = try await api.logInteraction(
                admin, account: account, outcome: "bad", occurredAt: iso(clock.now.addingTimeInterval(-3 * 3600)))

            let queue = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)

            #expect(queue.items.map(\.id) == [older.reflection, recent.reflection])
            #expect(queue.items.map(\.overdue) == [true, false])
            #expect(queue.items.map(\.timeBoxMinutes) == [30, 10])
            #expect(queue.items[1].dueAt == iso(clock.now.addingTimeInterval(2 * 3600)))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRepReflectsCompletesAndTheTimeSpentIsRecorded(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")
            let path = "/api/v1/reflections/\(call.reflection)"

            clock.advance(minutes: 5)
            let started = try await api.request(.post, "\(path)/start", token: admin.token).decode(ReflectionReply.self)
            let emptyComplete = try await api.request(.post, "\(path)/complete", token: admin.token)
            clock.advance(minutes: 12)
            let edited = try await api.request(
                .patch, path,
                json: [
                    "whatWentWell": "They shared their rollout plan", "whatToImprove": "Know the ops constraints",
                    "wordingToChange": "Say 'let me find out' instead of guessing", "preparation": "Read their last QBR",
                    "missingInformation": "Warehouse count",
                ], token: admin.token)
            let question = try await api.request(
                .post, "\(path)/questions", json: ["text": "Can you integrate with SAP EWM?", "topic": "Operations"], token: admin.token)
            clock.advance(minutes: 8)
            let completed = try await api.request(.post, "\(path)/complete", token: admin.token).decode(ReflectionReply.self)
            let queue = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)
            let done = try await api.get("/api/v1/reflections?status=completed", token: admin.token).decode(Page<ReflectionReply>.self)

            #expect(started.startedAt == iso(clock.now.addingTimeInterval(-20 * 60)))
            #expect(emptyComplete.status == .unprocessableContent)
            #expect(try edited.decode(ReflectionReply.self).wordingToChange == "Say 'let me find out' instead of guessing")
            #expect(question.status == .created)
            let asked = try question.decode(QuestionCreatedReply.self).question
            #expect(asked.topic == "operations")
            #expect(asked.status == "open")
            #expect(completed.status == "completed")
            #expect(completed.timeSpentSeconds == 20 * 60)
            #expect(completed.questions.first?.text == "Can you integrate with SAP EWM?")
            #expect(queue.items.isEmpty)
            #expect(done.items.map(\.id) == [call.reflection])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func coolingOffPushesTheDueTimeByADayOnlyOnce(database: TestDatabase) async throws {
        let clock = TestClock()
        try await APIHarness.run(on: database, clock: clock) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")
            let path = "/api/v1/reflections/\(call.reflection)"

            let deferred = try await api.request(.post, "\(path)/defer", token: admin.token)
            let twice = try await api.request(.post, "\(path)/defer", token: admin.token)
            clock.advance(hours: 25)
            let queue = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)
            clock.advance(hours: 2)
            let later = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)

            let pushed = try deferred.decode(ReflectionReply.self)
            #expect(pushed.dueAt == iso(clock.now.addingTimeInterval(-27 * 3600 + 26 * 3600)))
            #expect(pushed.deferred == true)
            #expect(twice.status == .conflict)
            #expect(queue.items.first?.overdue == false)
            #expect(later.items.first?.overdue == true)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aBadCallsReflectionCannotBeSkippedOrDeletedButAGoodOnesCan(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let bad = try await api.logInteraction(admin, account: account, outcome: "bad")
            let good = try await api.logInteraction(admin, account: account, outcome: "good")

            let deleteBad = try await api.request(.delete, "/api/v1/reflections/\(bad.reflection)", token: admin.token)
            let skipBad = try await api.request(.post, "/api/v1/reflections/\(bad.reflection)/skip", token: admin.token)
            let deleteGood = try await api.request(.delete, "/api/v1/reflections/\(good.reflection)", token: admin.token).decode(ReflectionReply.self)
            let queue = try await api.get("/api/v1/reflections?status=pending", token: admin.token).decode(Page<ReflectionReply>.self)

            #expect(deleteBad.status == .conflict)
            #expect(skipBad.status == .conflict)
            #expect(deleteGood.status == "skipped")
            #expect(queue.items.map(\.id) == [bad.reflection])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func reRatingAnInteractionAsBadGivesItsReflectionTheLongerTimeBox(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "neutral")
            _ = try await api.request(.post, "/api/v1/reflections/\(call.reflection)/skip", token: admin.token)

            _ = try await api.request(.patch, "/api/v1/interactions/\(call.interaction)", json: ["outcome": "bad"], token: admin.token)
            let reflection = try await api.get("/api/v1/reflections/\(call.reflection)", token: admin.token).decode(ReflectionReply.self)

            #expect(reflection.status == "pending")
            #expect(reflection.outcome == "bad")
            #expect(reflection.timeBoxMinutes == 30)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func editsKeepTheirHistory(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "good")
            let path = "/api/v1/reflections/\(call.reflection)"

            _ = try await api.request(.patch, path, json: ["whatWentWell": "first draft"], token: admin.token)
            _ = try await api.request(.patch, path, json: ["whatWentWell": "second draft"], token: admin.token)
            let history = try await api.get("\(path)/history", token: admin.token).decode(Page<RevisionReply>.self)

            #expect(history.items.count == 1)
            #expect(history.items.first?.previous.whatWentWell == "first draft")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func questionsEndAnsweredOrDropped(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(admin, account: account, outcome: "bad")
            let first = try await api.request(
                .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": "Do you support SSO?", "topic": "security"],
                token: admin.token)
            let second = try await api.request(
                .post, "/api/v1/reflections/\(call.reflection)/questions", json: ["text": "Volume discount?"], token: admin.token)

            let answered = try await api.request(
                .patch, "/api/v1/questions/\(questionID(first))", json: ["status": "answered", "answer": "Yes, SAML and OIDC."],
                token: admin.token
            ).decode(QuestionReply.self)
            let noAnswer = try await api.request(
                .patch, "/api/v1/questions/\(questionID(second))", json: ["status": "answered"], token: admin.token)
            let dropped = try await api.request(
                .patch, "/api/v1/questions/\(questionID(second))", json: ["status": "dropped"], token: admin.token
            ).decode(QuestionReply.self)

            #expect(answered.status == "answered")
            #expect(answered.answer == "Yes, SAML and OIDC.")
            #expect(answered.answeredById == admin.memberID)
            #expect(noAnswer.status == .unprocessableContent)
            #expect(noAnswer.problemFields == ["answer"])
            #expect(dropped.status == "dropped")
        }
    }

    func questionID(_ reply: Reply) -> String { (try? reply.decode(QuestionCreatedReply.self))?.question.id ?? "missing" }
}
