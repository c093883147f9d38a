import App
import Domain
import Features
import Foundation
import Logging
import Mail
import Storage
import Testing
import TestSupport

/// Nudges end to end: the planner finds what is due, the outbox sends it through a real SMTP server
/// (aiosmtpd on 127.0.0.1), and each test reads what the server received. On each database.
@Suite struct NudgeTests {
    static let from = "rebound@acme.test"

    struct Mailer {
        let planner: NudgePlanner
        let outbox: EmailOutbox

        /// One round of the email service: plan, then send what is due.
        func round() async throws {
            try await planner.runOnce()
            try await outbox.deliverDue()
        }
    }

    static func mailer(_ world: FeatureWorld, port: Int, repositories: Repositories? = nil) throws -> Mailer {
        let repositories = repositories ?? world.repositories
        let transport = try SMTPMailTransport(
            configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", from: from), logger: Logger(label: "test.email"))
        return Mailer(
            planner: NudgePlanner(repositories: repositories, publicURL: "https://rebound.example", organizer: from, clock: world.clock.function),
            outbox: EmailOutbox(
                email: repositories.email, members: repositories.members, teams: repositories.teams, transport: transport,
                clock: world.clock.function))
    }

    static func dueAt(_ world: FeatureWorld) async throws -> Date {
        let pending = try await world.repositories.email.pendingReflections(in: world.team.id, dueAfter: .distantPast, through: .distantFuture)
        return try #require(pending.first).dueAt
    }

    static func recipients(_ messages: [AiosmtpdServer.Received]) -> [String] { messages.flatMap(\.rcptTos) }
    static func subjects(_ messages: [AiosmtpdServer.Received]) -> [String] { messages.compactMap { $0.parsed?.subject } }
    static func text(_ message: AiosmtpdServer.Received) -> String {
        message.parsed?.parts.first { $0.contentType == "text/plain" }?.content ?? ""
    }
    static func html(_ message: AiosmtpdServer.Received) -> String {
        message.parsed?.parts.first { $0.contentType == "text/html" }?.content ?? ""
    }

    @Test(arguments: TestDatabase.enabled)
    func aBadCallsReflectionIsNudgedWhenDueThenReminderedDailyUpToThreeTimesToItsAuthorOnly(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let due = try await Self.dueAt(world)
                world.clock.advance(minutes: due.timeIntervalSince(world.clock.now) / 60 - 30)

                try await mailer.round()
                try await mailer.round()
                let dueSoon = try server.messages()
                #expect(Self.recipients(dueSoon) == ["rita@acme.test"])
                #expect(Self.subjects(dueSoon) == ["A few minutes on your call with Globex"])
                #expect(Self.text(dueSoon[0]).contains("Reflect now: https://rebound.example/reflections/"))

                for day in 0..<5 {
                    world.clock.advance(hours: day == 0 ? 1 : 24)
                    try await mailer.round()
                }
                let all = try server.messages()
                #expect(Self.recipients(all) == Array(repeating: "rita@acme.test", count: 4))
                #expect(Self.subjects(all).dropFirst().allSatisfy { $0 == "Still open: your reflection on Globex" })
                #expect(Self.text(all[1]).contains("Reminder 1 of 3."))
                #expect(Self.text(all[3]).contains("This is the last reminder."))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func everyMessageHasTextAndEscapedHTMLAOneClickUnsubscribeAndItsOutboxIdAsMessageID(database: TestDatabase) async throws {
        try await database.withWorld { world in
            // An account name that is markup, with a joining mark glued to its "<".
            var account = world.account
            account.name = "<img src=x onerror=alert(1)>\u{0301}<b>\"Glo\"</b>"
            try await world.repositories.accounts.updateAccount(account)
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                world.clock.advance(minutes: try await Self.dueAt(world).timeIntervalSince(world.clock.now) / 60 - 10)
                try await mailer.round()

                let message = try #require(try server.messages().first)
                let html = Self.html(message)
                #expect(!html.contains("<img"))
                #expect(!html.contains("<b>"))
                #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;\u{0301}&lt;b&gt;&quot;Glo&quot;&lt;/b&gt;"))
                // Plain text is not markup: the name is there as typed (compared by scalars, since the
                // joining mark makes "><U+0301>" one Character).
                #expect(Self.text(message).utf8.firstRange(of: "<img src=x onerror=alert(1)>\u{0301}<b>\"Glo\"</b>".utf8) != nil)
                let unsubscribe = try #require(message.parsed?.listUnsubscribe)
                #expect(unsubscribe.hasPrefix("<https://rebound.example/unsubscribe/"))
                #expect(message.parsed?.listUnsubscribePost == "List-Unsubscribe=One-Click")
                let logged = try await world.repositories.email.emails(in: world.team.id, status: .sent, page: Paging()).items
                #expect(logged.count == 1)
                #expect(message.parsed?.messageId == "<\(logged[0].id)@acme.test>")
                // What was sent is not kept: the log has who, kind and when, not the words.
                #expect(logged[0].content.text.isEmpty && logged[0].content.html.isEmpty && logged[0].content.subject.isEmpty)
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func oneClickUnsubscribeTurnsThatKindOffAndLaterNudgesOfItAreNotSent(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let settings = EmailSettings(email: world.repositories.email, clock: world.clock.function)
                world.clock.advance(minutes: try await Self.dueAt(world).timeIntervalSince(world.clock.now) / 60 - 10)
                try await mailer.round()
                let header = try #require(try server.messages().first?.parsed?.listUnsubscribe)
                let token = String(header.dropFirst("<https://rebound.example/unsubscribe/".count).dropLast())

                #expect(try await settings.unsubscribe(token: token) == .reflectionDue)
                #expect(try await settings.unsubscribe(token: String(repeating: "0", count: 64)) == nil)
                #expect(try await settings.unsubscribe(token: "../../etc") == nil)
                // Overdue reminders are another kind, still on; due-soon nudges are off.
                #expect(try await settings.preferences(of: world.rep).off == [.reflectionDue])
                _ = try await settings.update(world.rep, off: [.reflectionDue, .reflectionOverdue], quietHours: .keep)
                world.clock.advance(hours: 1)
                try await mailer.round()

                #expect(try server.messages().count == 1)
                let log = try await world.repositories.email.emails(in: world.team.id, status: .suppressed, page: Paging()).items
                #expect(log.map(\.kind) == [.reflectionOverdue])
                #expect(log.first?.lastError == "turned off by the member")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func quietHoursInTheMembersZoneHoldEmailUntilTheyEnd(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let chicago = TimeZone(identifier: "America/Chicago")!
                _ = try await world.repositories.members.updateProfile(world.rep.id, in: world.team.id, name: nil, expertise: nil, timeZone: .set("America/Chicago"))
                let due = try await Self.dueAt(world)
                world.clock.advance(minutes: due.timeIntervalSince(world.clock.now) / 60 - 10)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = chicago
                let hour = calendar.component(.hour, from: world.clock.now)
                // Quiet from this hour for two hours, in Chicago.
                let quiet = try #require(QuietHours(from: hour, to: (hour + 2) % 24))
                try await world.repositories.email.setEmailPreferences(EmailPreferences(quietHours: quiet), of: world.rep.id, in: world.team.id)

                try await mailer.round()
                #expect(try server.messages().isEmpty)
                let held = try #require(try await world.repositories.email.emails(in: world.team.id, status: .pending, page: Paging()).items.first)
                #expect(calendar.component(.hour, from: held.nextAttemptAt) == (hour + 2) % 24)
                #expect(calendar.component(.minute, from: held.nextAttemptAt) == 0)
                #expect(held.attempts == 0)

                world.clock.advance(minutes: held.nextAttemptAt.timeIntervalSince(world.clock.now) / 60 + 1)
                try await mailer.round()
                #expect(Self.subjects(try server.messages()).first == "A few minutes on your call with Globex")
                // Shown in the rep's zone, named.
                #expect(Self.text(try server.messages()[0]).contains("GMT-"))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aQuestionAnsweredBySomeoneElseReachesTheMemberWhoLoggedItAndNoOneElse(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let questions = Questions(repositories: world.repositories, clock: world.clock.function)
                let asked = try await questions.ask("Do you support SSO?", topic: "security", account: world.account.id, inLibrary: true, by: world.rep)
                let own = try await questions.ask("Is there an EU region?", topic: nil, account: nil, inLibrary: false, by: world.manager)
                _ = try await questions.update(asked.question.id, .init(status: .answered, answer: "Yes, SAML and OIDC."), by: world.manager)
                _ = try await questions.update(own.question.id, .init(status: .answered, answer: "Frankfurt."), by: world.manager)

                try await mailer.round()
                let messages = try server.messages().filter { $0.parsed?.subject == "Your question was answered" }
                #expect(Self.recipients(messages) == ["rita@acme.test"])
                #expect(Self.text(messages[0]).contains("> Do you support SSO?"))
                #expect(Self.text(messages[0]).contains("> Yes, SAML and OIDC."))
                #expect(!Self.text(messages[0]).contains("Frankfurt"))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anActionItemComingDueReachesItsOwnerOnce(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
                let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.manager)
                // Action items are due on a calendar day, stored as its UTC midnight.
                let day = try #require(ISO8601DateFormatter().date(from: "2026-11-25T00:00:00Z"))
                _ = try await debriefs.addActionItem(.init(title: "Send the <revised> quote", ownerID: world.manager.id, dueDate: day), to: debrief.id, by: world.manager)
                world.clock.advance(hours: day.timeIntervalSince(world.clock.now) / 3600 - 12)

                try await mailer.round()
                try await mailer.round()
                let messages = try server.messages().filter { $0.parsed?.subject?.hasPrefix("Due ") == true }
                #expect(Self.recipients(messages) == ["max@acme.test"])
                let subject = try #require(messages.first?.parsed?.subject)
                #expect(subject.hasPrefix("Due Wednesday") && subject.contains("25") && subject.hasSuffix(": Send the <revised> quote"))
                #expect(Self.html(messages[0]).contains("Send the &lt;revised&gt; quote"))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aDebriefInvitationIsARequestThenAnUpdateWhenItMovesAndACancelForWhoeverIsTakenOff(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
                let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.manager)
                let meeting = world.clock.now.addingTimeInterval(5 * 24 * 3600)
                _ = try await debriefs.update(
                    debrief.id, .init(facilitatorID: world.manager.id, participantIDs: [world.rep.id, world.admin.id], scheduledFor: .some(meeting)), by: world.manager)

                try await mailer.round()
                try await mailer.round()
                // Rita's own reflection nudge is in the same round; only the invitations are read here.
                func invitations() throws -> [AiosmtpdServer.Received] {
                    try server.messages().filter { $0.parsed?.parts.contains { $0.contentType == "text/calendar" } == true }
                }
                let first = try invitations()
                #expect(Set(Self.recipients(first)) == ["max@acme.test", "rita@acme.test", "ada@acme.test"])
                #expect(first.count == 3)
                #expect(Self.subjects(first).allSatisfy { $0.hasPrefix("Invitation: debrief ") })
                let ics = try #require(first[0].parsed?.parts.first { $0.contentType == "text/calendar" })
                #expect(ics.params["method"] == "REQUEST")
                let calendar = try #require(ics.content)
                #expect(calendar.contains("METHOD:REQUEST"))
                #expect(calendar.contains("UID:debrief-\(debrief.id)@rebound"))
                #expect(calendar.contains("SEQUENCE:0"))
                #expect(calendar.contains("DTSTART:\(ICalendarWriter.utc(meeting))"))
                // Read back by a real RFC 5545 parser (Python's icalendar).
                let parsed = try await PythonICalendar.evaluate(
                    """
                    import sys, icalendar
                    calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
                    event = next(iter(calendar.walk("VEVENT")))
                    print(calendar["METHOD"]); print(event["SEQUENCE"]); print(event["UID"]); print(event.decoded("DTSTART").timestamp())
                    print(str(event["ATTENDEE"]).startswith("mailto:") and "@acme.test" in str(event["ATTENDEE"]))
                    """, on: Data(calendar.utf8))
                #expect(parsed.status == 0)
                #expect(parsed.lines == ["REQUEST", "0", "debrief-\(debrief.id)@rebound", "\(Double(Int(meeting.timeIntervalSince1970)))", "True"])

                let moved = meeting.addingTimeInterval(3600)
                _ = try await debriefs.update(debrief.id, .init(participantIDs: [world.rep.id], scheduledFor: .some(moved)), by: world.manager)
                try await mailer.round()
                let second = Array(try invitations().dropFirst(3))
                let updates = second.filter { $0.parsed?.subject?.hasPrefix("Updated:") == true }
                let cancels = second.filter { $0.parsed?.subject?.hasPrefix("Cancelled:") == true }
                #expect(Set(Self.recipients(updates)) == ["max@acme.test", "rita@acme.test"])
                #expect(Self.recipients(cancels) == ["ada@acme.test"])
                #expect(updates.allSatisfy { ($0.parsed?.parts.first { $0.contentType == "text/calendar" }?.content ?? "").contains("SEQUENCE:1") })
                let cancel = try #require(cancels.first?.parsed?.parts.first { $0.contentType == "text/calendar" })
                #expect(cancel.params["method"] == "CANCEL")
                #expect(cancel.content?.contains("STATUS:CANCELLED") == true)

                _ = try await debriefs.update(debrief.id, .init(scheduledFor: .some(nil)), by: world.manager)
                try await mailer.round()
                try await mailer.round()
                let third = Array(try invitations().dropFirst(3 + second.count))
                #expect(Set(Self.recipients(third)) == ["max@acme.test", "rita@acme.test"])
                #expect(third.allSatisfy { $0.parsed?.subject?.hasPrefix("Cancelled:") == true })
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aPerspectiveRequestGoesBeforeTheMeetingToParticipantsWhoHaveNotSubmittedOne(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
                let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.manager)
                _ = try await debriefs.update(
                    debrief.id, .init(facilitatorID: world.manager.id, participantIDs: [world.rep.id], scheduledFor: .some(world.clock.now.addingTimeInterval(24 * 3600))),
                    by: world.manager)
                _ = try await debriefs.writePerspective("The quote came late", area: DebriefArea.allCases[0], in: debrief.id, by: world.rep)
                _ = try await debriefs.submitPerspectives(in: debrief.id, by: world.rep)

                try await mailer.round()
                let requests = try server.messages().filter { $0.parsed?.subject?.hasPrefix("Before the debrief") == true }
                #expect(Self.recipients(requests) == ["max@acme.test"])
                // The request names no one's perspective, only the meeting.
                #expect(!Self.text(requests[0]).contains("The quote came late"))
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRelayThatIsDownIsRetriedWithBackoffAndABounceIsNotRetriedAndShowsInTheLog(database: TestDatabase) async throws {
        try await database.withWorld { world in
            // Nothing listens on port 1 of the loopback: connection refused.
            let down = try Self.mailer(world, port: 1)
            world.clock.advance(minutes: try await Self.dueAt(world).timeIntervalSince(world.clock.now) / 60 - 10)
            try await down.round()
            let waiting = try #require(try await world.repositories.email.emails(in: world.team.id, status: .pending, page: Paging()).items.first)
            #expect(waiting.attempts == 1)
            #expect(waiting.nextAttemptAt == world.clock.now.addingTimeInterval(60))
            #expect(waiting.lastError?.contains("connection failed") == true)

            try await AiosmtpdServer.with(.plain, rejecting: ["max@acme.test"]) { server in
                let up = try Self.mailer(world, port: server.port)
                try await up.round()
                #expect(try server.messages().isEmpty)
                world.clock.advance(minutes: 1)
                try await up.round()
                #expect(Self.recipients(try server.messages()) == ["rita@acme.test"])

                let questions = Questions(repositories: world.repositories, clock: world.clock.function)
                let asked = try await questions.ask("Do you support SSO?", topic: nil, account: nil, inLibrary: true, by: world.manager)
                _ = try await questions.update(asked.question.id, .init(status: .answered, answer: "Yes."), by: world.rep)
                try await up.round()
                let bounced = try #require(try await world.repositories.email.emails(in: world.team.id, status: .failed, page: Paging()).items.first)
                #expect(bounced.to == "max@acme.test")
                #expect(bounced.attempts == 1)
                #expect(bounced.lastError?.contains("550") == true)
                world.clock.advance(hours: 1)
                try await up.round()
                #expect(try await world.repositories.email.emails(in: world.team.id, status: .failed, page: Paging()).items.first?.attempts == 1)
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func privateWordsReachNoOneButTheirAuthorWhateverIsSentOverAWeek(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let debriefs = Debriefs(repositories: world.repositories, clock: world.clock.function)
                let reflections = ReflectionService(repositories: world.repositories)
                let questions = Questions(repositories: world.repositories, clock: world.clock.function)
                let pending = try #require(try await world.repositories.email.pendingReflections(in: world.team.id, dueAfter: .distantPast, through: .distantFuture).first)
                _ = try await reflections.edit(pending.reflectionID, notes: { $0[ReflectionPrompt.allCases[0]] = "zebraprivate" }, by: world.rep, now: world.clock.now)
                _ = try await reflections.addQuestion(to: pending.reflectionID, text: "Can we match giraffeprivate pricing?", topic: "okapiprivate", inLibrary: false, by: world.rep, now: world.clock.now)
                let (debrief, _) = try await debriefs.escalate(world.badCall.id, by: world.manager)
                _ = try await debriefs.update(
                    debrief.id, .init(facilitatorID: world.manager.id, participantIDs: [world.rep.id, world.admin.id], scheduledFor: .some(world.clock.now.addingTimeInterval(30 * 3600))),
                    by: world.manager)
                _ = try await debriefs.writePerspective("lemurprivate draft", area: DebriefArea.allCases[0], in: debrief.id, by: world.rep)
                let shared = try await questions.ask("Is there an EU region?", topic: nil, account: world.account.id, inLibrary: true, by: world.admin)
                _ = try await questions.update(shared.question.id, .init(status: .answered, answer: "Frankfurt"), by: world.rep)

                for _ in 0..<8 {
                    try await mailer.round()
                    world.clock.advance(hours: 24)
                }
                let messages = try server.messages()
                #expect(Set(Self.recipients(messages)) == ["rita@acme.test", "max@acme.test", "ada@acme.test"], "the week sends something to everyone")
                for message in messages where message.rcptTos != ["rita@acme.test"] {
                    let bytes = String(decoding: message.raw, as: UTF8.self) + (message.parsed?.parts.compactMap(\.content).joined() ?? "")
                    for word in ["zebraprivate", "giraffeprivate", "okapiprivate", "lemurprivate"] {
                        #expect(!bytes.contains(word), "\(word) reached \(message.rcptTos)")
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theWeeklyDigestGoesOnMondayMorningInTheTeamsZoneWithTeamFiguresOnlyAndNotAfterAQuietWeek(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                var team = world.team
                team.timeZone = "America/Chicago"
                try await world.repositories.teams.updateTeam(team)
                let questions = Questions(repositories: world.repositories, clock: world.clock.function)
                let shared = try await questions.ask("Do you support SSO?", topic: "security", account: world.account.id, inLibrary: true, by: world.rep)
                _ = try await questions.update(shared.question.id, .init(status: .answered, answer: "Yes, SAML and OIDC."), by: world.manager)
                let own = try await questions.ask("Can I offer the pangolinprivate discount?", topic: nil, account: nil, inLibrary: false, by: world.rep)
                _ = try await questions.update(own.question.id, .init(status: .answered, answer: "No."), by: world.rep)
                func digests() throws -> [AiosmtpdServer.Received] {
                    try server.messages().filter { $0.parsed?.subject?.hasPrefix("The week at Acme") == true }
                }
                func move(to iso: String) throws {
                    let target = try #require(ISO8601DateFormatter().date(from: iso))
                    world.clock.advance(minutes: target.timeIntervalSince(world.clock.now) / 60)
                }

                try move(to: "2026-11-23T13:30:00Z")  // Monday 07:30 in Chicago
                try await mailer.round()
                #expect(try digests().isEmpty, "not before 08:00 in the team's zone")
                try move(to: "2026-11-23T14:30:00Z")  // 08:30
                try await mailer.round()
                try await mailer.round()
                let sent = try digests()
                #expect(Set(Self.recipients(sent)) == ["rita@acme.test", "max@acme.test", "ada@acme.test"])
                #expect(sent.count == 3)
                let names = ["rita@acme.test": "Rita", "max@acme.test": "Max", "ada@acme.test": "Ada"]
                for message in sent {
                    let text = Self.text(message)
                    #expect(text.contains("> Do you support SSO?") && text.contains("Yes, SAML and OIDC."))
                    #expect(text.contains("16") && text.contains("22") && text.contains("Nov"), "the week is Monday 16 to Sunday 22 in Chicago")
                    #expect(!text.contains("pangolinprivate"))
                    for (address, name) in names where !message.rcptTos.contains(address) {
                        #expect(!text.contains(name), "the digest names no one: \(name) in a message to \(message.rcptTos)")
                    }
                }

                try move(to: "2026-11-30T15:00:00Z")  // the next Monday, after a week in which nothing happened
                try await mailer.round()
                #expect(try digests().count == 3)
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theFollowUpBriefReachesWhoeverArrangedTheMeetingTheDayBeforeAsTheyMaySeeIt(database: TestDatabase) async throws {
        try await database.withWorld { world in
            try await AiosmtpdServer.with(.plain) { server in
                let mailer = try Self.mailer(world, port: server.port)
                let meetings = FollowUpMeetings(repositories: world.repositories, clock: world.clock.function)
                let questions = Questions(repositories: world.repositories, clock: world.clock.function)
                _ = try await questions.ask("Does the fleet plan cover trailers?", topic: "pricing", account: world.account.id, inLibrary: true, by: world.rep)
                _ = try await questions.ask("Is walrusprivate churn risk real?", topic: nil, account: world.account.id, inLibrary: false, by: world.manager)
                let meetingAt = world.clock.now.addingTimeInterval(30 * 3600)
                _ = try await meetings.schedule(world.account.id, at: meetingAt, by: world.rep)
                func briefs() throws -> [AiosmtpdServer.Received] {
                    try server.messages().filter { $0.parsed?.subject == "Tomorrow with Globex: your brief" }
                }

                try await mailer.round()
                #expect(try briefs().isEmpty, "not yet: the meeting is more than a day away")
                world.clock.advance(hours: 7)
                try await mailer.round()
                try await mailer.round()
                let sent = try briefs()
                #expect(Self.recipients(sent) == ["rita@acme.test"])
                let text = Self.text(sent[0])
                #expect(text.contains("> Does the fleet plan cover trailers?"))
                #expect(!text.contains("walrusprivate"), "another member's private question stays out of the brief")
                #expect(text.contains("Open the brief: https://rebound.example/accounts/\(world.account.id)/brief"))

                _ = try await meetings.schedule(world.account.id, at: meetingAt.addingTimeInterval(-2 * 3600), by: world.rep)
                try await mailer.round()
                #expect(try briefs().count == 2, "a moved meeting gets the brief again")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func twoServersSharingOneDatabaseSendEachMessageExactlyOnce(database: TestDatabase) async throws {
        let location = try database.freshLocation()
        defer { TestDatabase.remove(location) }
        try await App.withDatabase(location, logLevel: .error) { first in
            try await App.withDatabase(location, logLevel: .error) { second in
                let world = try await FeatureWorld(try await first.repositories().all)
                // Twelve more calls, each owing its rep a reflection due at the same moment.
                for index in 0..<12 {
                    let call = Interaction(
                        teamID: world.team.id, accountID: world.account.id, repID: index.isMultiple(of: 2) ? world.rep.id : world.manager.id, kind: .call,
                        occurredAt: world.clock.now, outcome: .neutral, summary: "Call \(index)", createdAt: world.clock.now)
                    try await world.repositories.interactions.createInteraction(call, reflection: Reflection.owed(for: call, policy: world.team.reviewPolicy, now: world.clock.now))
                }
                world.clock.advance(minutes: try await Self.dueAt(world).timeIntervalSince(world.clock.now) / 60 - 10)
                try await AiosmtpdServer.with(.plain) { server in
                    let a = try Self.mailer(world, port: server.port)
                    let b = try Self.mailer(world, port: server.port, repositories: try await second.repositories().all)
                    async let roundA: Void = a.round()
                    async let roundB: Void = b.round()
                    _ = try await (roundA, roundB)
                    async let againA: Void = a.round()
                    async let againB: Void = b.round()
                    _ = try await (againA, againB)

                    let ids = try server.messages().compactMap { $0.parsed?.messageId }
                    #expect(ids.count == 13)
                    #expect(Set(ids).count == 13)
                    let sent = try await world.repositories.email.emails(in: world.team.id, status: .sent, page: Paging(limit: 100)).items
                    #expect(sent.count == 13)
                }
            }
        }
    }
}
