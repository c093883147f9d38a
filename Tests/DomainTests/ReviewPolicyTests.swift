import Domain
import Foundation
import Testing

@Suite struct ReviewPolicyTests {
    let occurred = Date(timeIntervalSince1970: 1_800_000_000)
    let team = TeamID()
    let rep = MemberID()

    func interaction(_ outcome: Outcome) -> Interaction {
        Interaction(teamID: team, accountID: AccountID(), repID: rep, kind: .call, occurredAt: occurred, outcome: outcome, createdAt: occurred)
    }

    @Test(arguments: [Outcome.good, .neutral])
    func goodAndNeutralCallsGetATenMinuteTimeBoxDueTwoHoursLater(outcome: Outcome) {
        let reflection = Reflection.owed(for: interaction(outcome), policy: .standard, now: occurred)

        #expect(reflection.timeBoxMinutes == 10)
        #expect(reflection.dueAt == occurred.addingTimeInterval(2 * 3600))
        #expect(reflection.status == .pending)
        #expect(reflection.authorID == rep)
    }

    @Test func aBadCallGetsAThirtyMinuteTimeBox() {
        let reflection = Reflection.owed(for: interaction(.bad), policy: .standard, now: occurred)

        #expect(reflection.timeBoxMinutes == 30)
        #expect(reflection.dueAt == occurred.addingTimeInterval(2 * 3600))
    }

    @Test func theTeamsPolicyDecidesTheTimeBoxAndDueTime() {
        let policy = ReviewPolicy(timeBoxMinutes: 5, badTimeBoxMinutes: 45, reflectionDueMinutes: 30, coolOffHours: 12, debriefDueHours: 48)

        let reflection = Reflection.owed(for: interaction(.bad), policy: policy, now: occurred)

        #expect(reflection.timeBoxMinutes == 45)
        #expect(reflection.dueAt == occurred.addingTimeInterval(30 * 60))
    }

    @Test func coolingOffMovesTheDueTimeADayLaterOnce() throws {
        var reflection = Reflection.owed(for: interaction(.bad), policy: .standard, now: occurred)
        let firstDue = reflection.dueAt

        try reflection.coolOff(policy: .standard, at: occurred.addingTimeInterval(600))

        #expect(reflection.dueAt == firstDue.addingTimeInterval(24 * 3600))
        #expect(reflection.isDeferred)
        #expect(throws: DomainError.self) { try reflection.coolOff(policy: .standard, at: occurred.addingTimeInterval(700)) }
    }

    @Test func coolingOffAnOverdueReflectionGivesADayFromNow() throws {
        var reflection = Reflection.owed(for: interaction(.good), policy: .standard, now: occurred)
        let late = reflection.dueAt.addingTimeInterval(5 * 3600)

        try reflection.coolOff(policy: .standard, at: late)

        #expect(reflection.dueAt == late.addingTimeInterval(24 * 3600))
    }

    @Test func overdueMeansPendingAndPastItsDueTime() throws {
        var reflection = Reflection.owed(for: interaction(.good), policy: .standard, now: occurred)

        #expect(!reflection.isOverdue(at: reflection.dueAt))
        #expect(reflection.isOverdue(at: reflection.dueAt.addingTimeInterval(1)))
        reflection.notes[.whatWentWell] = "Opened with their agenda"
        try reflection.complete(at: reflection.dueAt.addingTimeInterval(2))
        #expect(!reflection.isOverdue(at: reflection.dueAt.addingTimeInterval(3600)))
    }

    @Test func aBadCallsReflectionCannotBeSkipped() {
        var reflection = Reflection.owed(for: interaction(.bad), policy: .standard, now: occurred)

        #expect(throws: DomainError.conflict("A bad interaction's reflection cannot be skipped or deleted; it can only be completed.")) {
            try reflection.skip(at: occurred)
        }
        #expect(reflection.status == .pending)
    }

    @Test func aGoodCallsReflectionCanBeSkipped() throws {
        var reflection = Reflection.owed(for: interaction(.good), policy: .standard, now: occurred)

        try reflection.skip(at: occurred)

        #expect(reflection.status == .skipped)
        #expect(!reflection.isOverdue(at: occurred.addingTimeInterval(100_000)))
    }

    @Test func reRatingACallAsBadBringsASkippedReflectionBack() throws {
        var reflection = Reflection.owed(for: interaction(.good), policy: .standard, now: occurred)
        try reflection.skip(at: occurred)

        reflection.interactionChanged(outcome: .bad, occurredAt: occurred, policy: .standard, at: occurred.addingTimeInterval(60))

        #expect(reflection.status == .pending)
        #expect(reflection.timeBoxMinutes == 30)
    }

    @Test func completingNeedsAtLeastOneAnswerAndRecordsTheTimeSpent() throws {
        var reflection = Reflection.owed(for: interaction(.bad), policy: .standard, now: occurred)
        reflection.start(at: occurred.addingTimeInterval(60))

        #expect(throws: DomainError.self) { try reflection.complete(at: occurred.addingTimeInterval(120)) }
        try reflection.edit(ReflectionNotes([.whatToImprove: "  Bring the pricing sheet  "]), at: occurred.addingTimeInterval(500))
        try reflection.complete(at: occurred.addingTimeInterval(60 + 25 * 60))

        #expect(reflection.notes[.whatToImprove] == "Bring the pricing sheet")
        #expect(reflection.timeSpent.map { Int($0.rounded()) } == 25 * 60)
        #expect(reflection.status == .completed)
    }

    @Test func onlyTheAuthorSeesAPrivateReflectionAndEveryoneInTheTeamASharedOne() {
        var reflection = Reflection.owed(for: interaction(.bad), policy: .standard, now: occurred)
        let author = Member(id: rep, teamID: team, name: "Rita", email: "r@x.test", role: .rep, createdAt: occurred)
        let manager = Member(teamID: team, name: "Max", email: "m@x.test", role: .admin, createdAt: occurred)
        let outsider = Member(teamID: TeamID(), name: "Olga", email: "o@y.test", role: .admin, createdAt: occurred)

        #expect(ReflectionAccess.canView(reflection, as: author))
        #expect(!ReflectionAccess.canView(reflection, as: manager))
        reflection.share(at: occurred)
        #expect(ReflectionAccess.canView(reflection, as: manager))
        #expect(!ReflectionAccess.canEdit(reflection, as: manager))
        #expect(!ReflectionAccess.canView(reflection, as: outsider))
    }
}
