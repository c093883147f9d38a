import Foundation
import Hummingbird
import Testing
import TestSupport

@Suite struct CalendarFeedTests {
    @Test(arguments: TestDatabase.enabled)
    func aSecretFeedListsWhatIOweAndANewURLRetiresTheOld(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")
            let account = try await api.createAccount(admin)
            let call = try await api.logInteraction(rep, account: account, outcome: "bad")
            _ = try await api.request(.post, "/api/v1/interactions/\(call.interaction)/escalate", token: rep.token)
            _ = try await api.logInteraction(admin, account: account, outcome: "good")

            let created = try await api.request(.post, "/api/v1/me/calendar-feed", token: rep.token)
            let path = try created.decode(CalendarFeedReply.self).path
            let feed = try await api.get(path, token: nil)
            let rotated = try await api.request(.post, "/api/v1/me/calendar-feed", token: rep.token)
            let old = try await api.get(path, token: nil)
            let guessed = try await api.get("/calendar/cal_guess.ics", token: nil)

            #expect(created.status == .created)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.text.contains("UID:reflection-\(call.reflection)@rebound"))
            #expect(feed.text.contains("SUMMARY:Debrief: Bad call with Globex"))
            #expect(feed.text.contains("SUMMARY:Follow up with Globex"))
            #expect(feed.text.components(separatedBy: "BEGIN:VEVENT").count == 4, "the admin's reflection must not be in the rep's feed")
            #expect(try rotated.decode(CalendarFeedReply.self).path != path)
            #expect(old.status == .notFound)
            #expect(guessed.status == .notFound)
            if PythonICalendar.available {
                let (status, lines) = try await PythonICalendar.evaluate(
                    "import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nfor e in cal.walk('VEVENT'): print(e['SUMMARY'])",
                    on: feed.data)
                #expect(status == 0)
                #expect(lines.count == 3)
            }
        }
    }
}
