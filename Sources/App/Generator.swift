import Domain
import Features
import Foundation
import Storage
import Web

/// `rebound generate --interactions N`: a realistic synthetic team for demos and benchmarks, built with
/// the same domain rules as real use and written in batched transactions (a million interactions take
/// minutes, not hours). Deterministic for a given seed.
public struct Generator: Sendable {
    public static let password = "rebound-bench-password"
    let repositories: Repositories
    let bcryptCost: Int

    public init(repositories: Repositories, bcryptCost: Int) {
        self.repositories = repositories
        self.bcryptCost = bcryptCost
    }

    public struct Summary: Sendable {
        public let team: Team
        public let members: Int
        public let accounts: Int
        public let interactions: Int
        public let debriefs: Int
        public let firstRepEmail: String
    }

    public func generate(interactions count: Int, seed: UInt64 = 42, now: Date = Date(), progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        let authenticator = Authenticator(tokens: repositories.tokens, members: repositories.members, teams: repositories.teams, bcryptCost: UInt8(bcryptCost), clock: { now })
        let hash = try await authenticator.hashPassword(Self.password)
        // One load: the team appears whole or not at all, and SQLite skips the per-commit sync. Its ids
        // follow one another (see `UUIDSequence`).
        let summary = try await UUIDSequence.$current.withValue(UUIDSequence()) {
            try await load(interactions: count, seed: seed, now: now, passwordHash: hash, progress: progress)
        }
        try await repositories.bulk.settleAfterLargeLoad()
        return summary
    }

    private func load(
        interactions count: Int, seed: UInt64, now: Date, passwordHash hash: String, progress: (@Sendable (Int) -> Void)?
    ) async throws -> Summary {
        try await repositories.bulk.load { repositories in
            let writer = BatchWriter(bulk: repositories.bulk)
            do {
                return try await Self.write(
                    interactions: count, seed: seed, now: now, passwordHash: hash, repositories: repositories, writer: writer, progress: progress)
            } catch {
                // Nothing may still be writing when the load rolls back.
                try? await writer.finish()
                throw error
            }
        }
    }

    private static func write(
        interactions count: Int, seed: UInt64, now: Date, passwordHash hash: String, repositories: Repositories, writer: BatchWriter,
        progress: (@Sendable (Int) -> Void)?
    ) async throws -> Summary {
        var random = SeededRandom(seed: seed)
        let team = Team(name: "Bench Co \(seed)-\(Int(now.timeIntervalSince1970))", createdAt: now.addingTimeInterval(-200 * 86_400))
        let topics = ["pricing", "security", "operations", "integration", "legal", "onboarding"]
        let domain = "bench\(seed)-\(Int(now.timeIntervalSince1970)).example"
        let admin = Member(teamID: team.id, name: "Admin", email: "admin@\(domain)", role: .admin, createdAt: team.createdAt)
        try await repositories.teams.createTeam(team, admin: admin, passwordHash: hash)
        var reps: [Member] = []
        for index in 0..<max(2, min(50, count / 500)) {
            let rep = Member(
                teamID: team.id, name: "Rep \(index + 1)", email: "rep\(index + 1)@\(domain)", role: index % 5 == 0 ? .manager : .rep,
                expertise: [topics[index % topics.count]], createdAt: team.createdAt)
            try await repositories.members.createMember(rep, passwordHash: hash)
            reps.append(rep)
        }
        let industries = ["Logistics", "Software", "Healthcare", "Retail", "Finance", "Manufacturing"]
        var batch = WriteBatch()
        var accounts: [Account] = []
        for index in 0..<max(1, count / 20) {
            let account = Account(
                teamID: team.id, name: "Account \(index + 1)", industry: industries[index % industries.count], crmID: "ACC-\(index + 1)",
                createdAt: team.createdAt)
            batch.accounts.append(account)
            accounts.append(account)
        }
        let opener = reps.first { $0.canManage } ?? admin
        let debriefOpener = DebriefOpener(repositories: repositories)
        // Every generated deal is new, with no interactions of its own: nothing needs reading per debrief.
        let known = try await debriefOpener.known(for: team.id)
        var debriefs = 0
        let questionTexts = [
            "Is there a discount for a multi-year term?", "Do you support SSO with SAML?", "Can you integrate with our warehouse system?",
            "How long does onboarding take?", "Who owns the data processing agreement?", "Can you roll out to all our sites in a quarter?",
        ]
        for index in 0..<count {
            let rep = reps[random.next(below: reps.count)]
            let account = accounts[random.next(below: accounts.count)]
            let roll = random.next(below: 100)
            let outcome: Outcome = roll < 70 ? .good : roll < 90 ? .neutral : .bad
            let when = now.addingTimeInterval(-Double(random.next(below: 180 * 24 * 60)) * 60)
            let interaction = Interaction(
                teamID: team.id, accountID: account.id, repID: rep.id, kind: InteractionKind.allCases[random.next(below: 4)], occurredAt: when,
                participants: ["Customer \(index % 97)"], outcome: outcome, summary: outcome == .bad ? "Questions on \(topics[index % topics.count]) we could not answer" : nil,
                createdAt: when)
            var reflection = Reflection.owed(for: interaction, policy: team.duePolicy, now: when)
            if random.next(below: 100) < 80 {
                try reflection.edit(ReflectionNotes([.whatWentWell: "Clear agenda", .whatToImprove: "Prepare \(topics[index % topics.count]) answers"]), at: when.addingTimeInterval(600))
                try reflection.complete(at: when.addingTimeInterval(Double(5 + random.next(below: 240)) * 60))
                if random.next(below: 100) < 20 { reflection.share(at: when.addingTimeInterval(4000)) }
            }
            batch.interactions.append(interaction)
            batch.reflections.append(reflection)
            if outcome == .bad {
                var question = Question(
                    teamID: team.id, reflectionID: reflection.id, accountID: account.id, askedByID: rep.id,
                    text: questionTexts[random.next(below: questionTexts.count)], topic: topics[random.next(below: topics.count)], createdAt: when)
                if random.next(below: 100) < 60 { try question.answer("Yes; see the answer library.", by: opener.id, at: when.addingTimeInterval(86_400)) }
                batch.questions.append(question)
                if index % 10 == 0 {
                    var deal = Deal(teamID: team.id, accountID: account.id, name: "Deal \(index)", crmID: "OPP-\(index)", ownerID: rep.id, createdAt: when)
                    deal.changeStatus(to: .lost, at: when)
                    deal.lostReason = ["Price", "Timing", "Competitor", "No budget"][index % 4]
                    let debrief = debriefOpener.forNewDeal(deal, opener: opener, now: when, known: known)
                    batch.deals.append(deal)
                    batch.debriefs.append(debrief)
                    batch.lessons.append(
                        Lesson(
                            teamID: team.id, debriefID: debrief.id, text: "Bring \(topics[index % topics.count]) expertise to \(account.industry ?? "") calls",
                            tags: [topics[index % topics.count]], authorID: opener.id, createdAt: when))
                    debriefs += 1
                }
            }
            if batch.interactions.count == 2000 {
                try await writer.write(batch)
                batch = WriteBatch()
                progress?(index + 1)
            }
        }
        try await writer.write(batch)
        try await writer.finish()
        progress?(count)
        return Summary(team: team, members: reps.count + 1, accounts: accounts.count, interactions: count, debriefs: debriefs, firstRepEmail: reps[0].email)
    }
}

/// Writes each batch while the next one is being made: the database works on one core while the
/// domain work runs on the other. One write at a time, in order, so parents are written before children.
actor BatchWriter {
    let bulk: any BulkRepository
    private var pending: Task<Void, any Error>?

    init(bulk: any BulkRepository) { self.bulk = bulk }

    /// Returns once the previous batch is written (its error, if any, is thrown here) and this one has started.
    func write(_ batch: WriteBatch) async throws {
        try await finish()
        pending = Task { [bulk] in try await bulk.write(batch) }
    }

    func finish() async throws {
        let previous = pending
        pending = nil
        try await previous?.value
    }
}

/// SplitMix64: small, fast and deterministic, so the same seed gives the same team.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
