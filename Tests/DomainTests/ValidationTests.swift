import Domain
import Foundation
import Testing

@Suite struct ValidationTests {
    @Test func moneyKeepsExactCentsAndUppercasesTheCurrency() {
        var v = Validator()
        let money = Money.parse(amount: Decimal(string: "48000.5")!, currency: "usd", field: "", into: &v)

        #expect(v.errors.isEmpty)
        #expect(money == Money(minorUnits: 4_800_050, currency: "USD"))
    }

    @Test func moneyRejectsFractionsOfACentAndBadCurrenciesButKeepsCredits() {
        var v = Validator()
        _ = Money.parse(amount: Decimal(string: "-1.234")!, currency: "dollars", field: "", into: &v)
        var credit = Validator()
        let refund = Money.parse(amount: Decimal(string: "-1234.5")!, currency: "EUR", field: "", into: &credit)

        #expect(Set(v.errors.map(\.field)) == ["amount", "currency"])
        #expect(v.errors.count == 2)
        #expect(credit.errors.isEmpty && refund == Money(minorUnits: -123_450, currency: "EUR"), "a credit (CRMs write it as a negative amount) is kept")
    }

    @Test(arguments: ["ann@acme.com", " Ann@Acme.COM "])
    func emailsAreTrimmedAndLowercased(raw: String) {
        var v = Validator()
        #expect(MemberRules.email(raw, into: &v) == "ann@acme.com")
        #expect(v.errors.isEmpty)
    }

    @Test(arguments: ["", "ann", "ann@", "@acme.com", "ann@acme", "a nn@acme.com"])
    func malformedEmailsAreRejected(raw: String) {
        var v = Validator()
        _ = MemberRules.email(raw, into: &v)
        #expect(v.errors.map(\.field) == ["email"])
    }

    @Test func expertiseTopicsAreNormalisedAndDeduplicated() {
        var v = Validator()
        #expect(MemberRules.topics([" Operations", "pricing", "operations "], into: &v) == ["operations", "pricing"])
    }

    @Test func anInteractionCannotHappenInTheFuture() {
        let now = Date()
        var interaction = Interaction(
            teamID: TeamID(), accountID: AccountID(), repID: MemberID(), kind: .call, occurredAt: now.addingTimeInterval(3600),
            outcome: .good, createdAt: now)

        #expect(throws: DomainError.invalid("occurredAt", "must not be in the future")) { try interaction.validate(now: now) }
    }

    @Test func aLostReasonNeedsALostOrCancelledDeal() {
        var deal = Deal(teamID: TeamID(), accountID: AccountID(), name: "Renewal", status: .open, lostReason: "price", createdAt: Date())

        #expect(throws: DomainError.self) { try deal.validate() }
    }

    @Test func losingADealStartsTheFailureClockOnce() {
        let now = Date()
        var deal = Deal(teamID: TeamID(), accountID: AccountID(), name: "Renewal", createdAt: now)

        let becameFailure = deal.changeStatus(to: .lost, at: now)
        let becameFailureAgain = deal.changeStatus(to: .cancelled, at: now.addingTimeInterval(60))

        #expect(becameFailure)
        #expect(!becameFailureAgain)
        #expect(deal.failedAt == now)
    }

    @Test func unknownEnumValuesNameTheAllowedOnes() throws {
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Outcome].self, from: Data(#"["terrible"]"#.utf8))
        }
        guard case .dataCorrupted(let context) = error else { Issue.record("expected dataCorrupted"); return }
        #expect(context.debugDescription == "must be one of: good, neutral, bad")
    }
}
