import Domain
import Foundation
import Storage
import Web

/// `rebound serve --demo`: a realistic sample team, so a newcomer sees a living product. Written only
/// into an empty database, through the same repositories and domain rules as real use.
public enum DemoTeam {
    public static let password = "rebound-demo-password"
    public static let adminEmail = "ada@northwind.example"
    public static let repEmail = "rita@northwind.example"

    /// Returns false (and writes nothing) when the database already has a team.
    @discardableResult
    public static func seed(repositories r: Repositories, bcryptCost: Int, now: Date = Date()) async throws -> Bool {
        guard try await !r.teams.anyTeamExists() else { return false }
        let authenticator = Authenticator(tokens: r.tokens, members: r.members, teams: r.teams, bcryptCost: UInt8(bcryptCost), clock: { now })
        let hash = try await authenticator.hashPassword(password)
        func ago(days: Double = 0, hours: Double = 0) -> Date { now.addingTimeInterval(-(days * 86_400 + hours * 3600)) }

        let team = Team(name: "Northwind Sales", createdAt: ago(days: 30))
        let ada = Member(teamID: team.id, name: "Ada Admin", email: adminEmail, role: .admin, expertise: ["negotiation"], createdAt: ago(days: 30))
        let rita = Member(teamID: team.id, name: "Rita Rep", email: repEmail, role: .rep, expertise: ["pricing"], createdAt: ago(days: 30))
        let otto = Member(teamID: team.id, name: "Otto Ops", email: "otto@northwind.example", role: .manager, expertise: ["operations", "logistics"], createdAt: ago(days: 30))
        let sam = Member(teamID: team.id, name: "Sam Solutions", email: "sam@northwind.example", role: .manager, expertise: ["security", "integration"], createdAt: ago(days: 30))
        try await r.teams.createTeam(team, admin: ada, passwordHash: hash)
        for member in [rita, otto, sam] { try await r.members.createMember(member, passwordHash: hash) }

        func account(_ name: String, _ industry: String, _ crm: String) async throws -> Account {
            let account = Account(teamID: team.id, name: name, industry: industry, segment: "Mid-market", crmID: crm, createdAt: ago(days: 29))
            try await r.accounts.createAccount(account)
            return account
        }
        let globex = try await account("Globex", "Logistics", "SF-0001")
        let initech = try await account("Initech", "Software", "SF-0002")
        let umbrella = try await account("Umbrella Health", "Healthcare", "SF-0003")
        let stark = try await account("Stark Freight", "Logistics", "SF-0004")

        func log(_ account: Account, _ kind: InteractionKind, _ outcome: Outcome, _ when: Date, _ summary: String, deal: DealID? = nil,
                 followUpOf: FailureEvent? = nil, recovery: RecoveryStatus? = nil) async throws -> (Interaction, Reflection) {
            let interaction = Interaction(
                teamID: team.id, accountID: account.id, dealID: deal, repID: rita.id, kind: kind, occurredAt: when, participants: ["Customer team"],
                outcome: outcome, summary: summary, followUpOf: followUpOf, recovery: recovery, createdAt: when)
            let reflection = Reflection.owed(for: interaction, policy: team.duePolicy, now: when)
            try await r.interactions.createInteraction(interaction, reflection: reflection)
            return (interaction, reflection)
        }
        func reflect(_ reflection: Reflection, _ notes: ReflectionNotes, at when: Date, complete: Bool, share: Bool = false) async throws -> Reflection {
            var reflection = reflection
            reflection.start(at: when)
            try reflection.edit(notes, at: when.addingTimeInterval(600))
            if complete { try reflection.complete(at: when.addingTimeInterval(1500)) }
            if share { reflection.share(at: when.addingTimeInterval(1600)) }
            try await r.reflections.updateReflection(reflection, revision: nil)
            return reflection
        }
        func question(_ reflection: Reflection, _ account: Account, _ text: String, _ topic: String, at when: Date) async throws -> Question {
            let question = Question(teamID: team.id, reflectionID: reflection.id, accountID: account.id, askedByID: rita.id, text: text, topic: topic, createdAt: when)
            try await r.questions.addQuestion(question)
            return question
        }

        // Globex: a demo that went well, then a bad pricing call, then the renewal was lost.
        var renewal = Deal(
            teamID: team.id, accountID: globex.id, name: "Fleet renewal", value: Money(minorUnits: 4_800_000, currency: "USD"),
            closeDate: ago(days: 2), crmID: "OPP-1001", ownerID: rita.id, createdAt: ago(days: 20))
        try await r.deals.createDeal(renewal, opening: nil)
        let (_, demoReflection) = try await log(globex, .demo, .good, ago(days: 6), "Live demo of route planning; ops lead engaged", deal: renewal.id)
        _ = try await reflect(demoReflection, ReflectionNotes([.whatWentWell: "Opened with their agenda, not ours"]), at: ago(days: 6), complete: true)
        let (badCall, badReflection) = try await log(
            globex, .call, .bad, ago(days: 3), "They asked about warehouse integration and multi-year pricing; I had no answers", deal: renewal.id)
        _ = try await reflect(
            badReflection,
            ReflectionNotes([
                .whatWentWell: "They were candid about their budget", .whatToImprove: "Know our WMS integrations before logistics calls",
                .wordingToChange: "Say \"let me check with our operations team\" instead of guessing",
                .preparation: "Read their last QBR and warehouse layout", .missingInformation: "How many sites they run"]),
            at: ago(days: 3), complete: true, share: true)
        var wms = try await question(badReflection, globex, "Can you integrate with our warehouse management system?", "operations", at: ago(days: 3))
        try wms.answer("Yes: certified connectors for SAP EWM and Manhattan; Otto can walk them through it.", by: otto.id, at: ago(days: 2))
        try await r.questions.updateQuestion(wms)
        _ = try await question(badReflection, globex, "Can you roll out to 40 sites in one quarter?", "operations", at: ago(days: 3))
        _ = try await question(badReflection, globex, "Is there a discount for a three-year term?", "pricing", at: ago(days: 3))
        renewal.lostReason = nil
        renewal.changeStatus(to: .lost, at: ago(days: 2))
        renewal.lostReason = "Went with a cheaper vendor"
        let debrief = Debrief(
            teamID: team.id, event: .deal(renewal.id), accountID: globex.id, title: "Lost: Fleet renewal", eventAt: ago(days: 2),
            dueAt: ago(days: 2).addingTimeInterval(TimeInterval(team.reviewPolicy.debriefDueHours * 3600)), facilitatorID: ada.id,
            participantIDs: [rita.id, otto.id], createdAt: ago(days: 2))
        try await r.deals.updateDeal(renewal, opening: debrief)
        for (author, area, text) in [
            (rita, DebriefArea.timeline, "Demo went well on day 1; on the pricing call I was asked about WMS integration and multi-year terms and had no answers."),
            (rita, .helpSignals, "I noticed I was out of my depth on the integration question but didn't want to delay the call to find Otto."),
            (otto, .mentalModel, "I assumed integration questions would come to me through the SE channel before any pricing call."),
        ] {
            var perspective = Perspective(teamID: team.id, debriefID: debrief.id, authorID: author.id, area: area, text: "", createdAt: ago(days: 1))
            try perspective.write(text, at: ago(days: 1))
            perspective.submit(at: ago(days: 1))
            try await r.debriefs.savePerspective(perspective)
        }
        try await r.debriefs.addTimelineEntries([
            TimelineEntry.proposal(for: try await r.interactions.interaction(badCall.id, in: team.id)!, repName: rita.name, debrief: debrief, by: ada.id, now: ago(days: 1)),
            TimelineEntry(teamID: team.id, debriefID: debrief.id, occurredAt: ago(days: 2), actor: "Globex procurement", description: "Email: chose a cheaper vendor", source: .email, createdByID: ada.id, createdAt: ago(days: 1)),
        ])
        var lesson = Lesson(teamID: team.id, debriefID: debrief.id, text: "Bring operations to logistics calls where warehouse integration may come up", tags: ["operations", "logistics"], authorID: ada.id, createdAt: ago(days: 1))
        try lesson.validate()
        try await r.learning.addLesson(lesson)
        try await r.learning.addActionItem(
            ActionItem(teamID: team.id, debriefID: debrief.id, title: "Add a WMS integration question to the discovery template", ownerID: otto.id, dueDate: now.addingTimeInterval(7 * 86_400), createdByID: ada.id, createdAt: ago(days: 1)))

        // Stark Freight: a bad call, a debrief-free follow-up that recovered the account.
        let (starkCall, starkReflection) = try await log(stark, .call, .bad, ago(days: 12), "Missed their SLA question entirely")
        _ = try await reflect(starkReflection, ReflectionNotes([.whatToImprove: "Bring the SLA sheet", .preparation: "Ask Otto about their lanes"]), at: ago(days: 12), complete: true)
        let (_, recoveredReflection) = try await log(
            stark, .meeting, .good, ago(days: 8), "Named last call's gap up front, brought Otto; they signed the pilot",
            followUpOf: .interaction(starkCall.id), recovery: .recovered)
        _ = try await reflect(recoveredReflection, ReflectionNotes([.whatWentWell: "Naming the elephant first changed the tone"]), at: ago(days: 8), complete: true)

        // Today's queue: an overdue bad call and a fresh neutral meeting.
        _ = try await log(initech, .call, .bad, ago(hours: 3), "Security review questions about SSO and data residency")
        _ = try await log(umbrella, .meeting, .neutral, ago(hours: 1), "Intro meeting with the new CFO")
        _ = sam
        return true
    }
}
