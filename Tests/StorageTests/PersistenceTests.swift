import App
import Domain
import Foundation
import SQLStorage
import Storage
import Testing
import TestSupport

@Suite struct PersistenceTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func seed(_ repositories: Repositories) async throws -> (Team, Member, Interaction, Reflection) {
        let team = Team(name: "Acme", createdAt: now)
        let rep = Member(teamID: team.id, name: "Rita", email: "rita@acme.test", role: .rep, expertise: ["pricing"], createdAt: now)
        try await repositories.teams.createTeam(team, admin: rep, passwordHash: "hash")
        let account = Account(teamID: team.id, name: "Globex", industry: "Logistics", createdAt: now)
        try await repositories.accounts.createAccount(account)
        let interaction = Interaction(
            teamID: team.id, accountID: account.id, repID: rep.id, kind: .call, occurredAt: now, participants: ["Pat", "Sam"],
            outcome: .bad, summary: "Pricing went sideways", createdAt: now)
        let reflection = Reflection.owed(for: interaction, policy: team.reviewPolicy, now: now)
        try await repositories.interactions.createInteraction(interaction, reflection: reflection)
        return (team, rep, interaction, reflection)
    }

    @Test(arguments: TestDatabase.enabled)
    func concurrentWritesAreEachAcknowledgedAndOneBadWriteFailsAlone(database: TestDatabase) async throws {
        let location = try database.freshLocation()
        defer { TestDatabase.remove(location) }
        let (team, rep, existing, _) = try await withDatabase(location) { try await seed($0.repositories().all) }

        // Forty calls at once (on SQLite they share commits); one reuses an id that is taken.
        let outcomes = try await withDatabase(location, poolSize: 4) { service in
            let repositories = service.repositories().all
            return await withTaskGroup(of: (InteractionID, Bool).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let interaction = Interaction(
                            id: index == 17 ? existing.id : InteractionID(), teamID: team.id, accountID: existing.accountID, repID: rep.id,
                            kind: .call, occurredAt: now, outcome: .good, summary: "call \(index)", createdAt: now)
                        let reflection = Reflection.owed(for: interaction, policy: team.reviewPolicy, now: now)
                        do {
                            try await repositories.interactions.createInteraction(interaction, reflection: reflection)
                            return (interaction.id, true)
                        } catch {
                            return (interaction.id, false)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        let stored = try await withDatabase(location) { service in
            try await service.repositories().all.interactions.interactions(in: team.id, filter: InteractionFilter(), page: Paging(limit: 100)).items
        }

        #expect(outcomes.filter(\.1).count == 39)
        #expect(outcomes.filter { !$0.1 }.map(\.0) == [existing.id])
        #expect(Set(stored.map(\.id)) == Set(outcomes.filter(\.1).map(\.0)).union([existing.id]), "every acknowledged write is stored")
        #expect(stored.first { $0.id == existing.id }?.summary == existing.summary, "the failed write changed nothing")
    }

    @Test(arguments: TestDatabase.enabled)
    func everythingAcknowledgedSurvivesARestart(database: TestDatabase) async throws {
        let location = try database.freshLocation()

        let (team, rep, interaction, reflection) = try await withDatabase(location) { try await seed($0.repositories().all) }
        let (readInteraction, readReflection, readMember) = try await withDatabase(location) { service in
            let repositories = service.repositories().all
            return (
                try await repositories.interactions.interaction(interaction.id, in: team.id),
                try await repositories.reflections.reflection(reflection.id, in: team.id),
                try await repositories.members.member(rep.id, in: team.id)
            )
        }

        #expect(readInteraction == interaction)
        #expect(readReflection == reflection)
        #expect(readMember == rep)
    }

    @Test(arguments: TestDatabase.enabled)
    func interactionsReadByIdsAreOnlyTheTeamsOwn(database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let repositories = try await database.repositories().all
            let (team, _, interaction, _) = try await seed(repositories)
            let otherTeam = Team(name: "Initech", createdAt: now)
            let otherRep = Member(teamID: otherTeam.id, name: "Olga", email: "olga@initech.test", role: .rep, createdAt: now)
            try await repositories.teams.createTeam(otherTeam, admin: otherRep, passwordHash: "hash")
            let otherAccount = Account(teamID: otherTeam.id, name: "Umbrella", createdAt: now)
            try await repositories.accounts.createAccount(otherAccount)
            let theirs = Interaction(
                teamID: otherTeam.id, accountID: otherAccount.id, repID: otherRep.id, kind: .call, occurredAt: now, participants: [],
                outcome: .bad, createdAt: now)
            try await repositories.interactions.createInteraction(theirs, reflection: Reflection.owed(for: theirs, policy: otherTeam.reviewPolicy, now: now))

            let found = try await repositories.interactions.interactions([interaction.id, theirs.id, InteractionID(), interaction.id], in: team.id)
            let none = try await repositories.interactions.interactions([], in: team.id)

            #expect(Array(found.keys) == [interaction.id])
            #expect(found[interaction.id]?.summary == "Pricing went sideways")
            #expect(none.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anInteractionIsNeverStoredWithoutItsReflection(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (team, rep, first, firstReflection) = try await seed(repositories)
            let second = Interaction(
                teamID: team.id, accountID: first.accountID, repID: rep.id, kind: .demo, occurredAt: now, outcome: .good, createdAt: now)
            // A reflection whose id is already taken makes the second insert of the transaction fail.
            let clashing = Reflection(
                id: firstReflection.id, teamID: team.id, interactionID: second.id, authorID: rep.id, outcome: .good, status: .pending,
                dueAt: now, timeBoxMinutes: 10, createdAt: now)

            await #expect(throws: (any Error).self) {
                try await repositories.interactions.createInteraction(second, reflection: clashing)
            }

            #expect(try await repositories.interactions.interaction(second.id, in: team.id) == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func emailsAreUniqueAcrossTheServer(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (_, rep, _, _) = try await seed(repositories)
            let otherTeam = Team(name: "Other", createdAt: now)
            let clash = Member(teamID: otherTeam.id, name: "Rita Two", email: rep.email, role: .admin, createdAt: now)

            await #expect(throws: DomainError.self) {
                try await repositories.teams.createTeam(otherTeam, admin: clash, passwordHash: "hash")
            }
            #expect(try await repositories.teams.team(otherTeam.id) == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anUpdateOfAMemberKeepsThePasswordHash(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (team, rep, _, _) = try await seed(repositories)
            var changed = rep
            changed.name = "Rita Renamed"
            changed.role = .manager
            try await repositories.members.updateMember(changed)
            #expect(try await repositories.members.credentials(email: rep.email)?.passwordHash == "hash")
            #expect(try await repositories.members.member(rep.id, in: team.id) == changed)

            try await repositories.members.updatePassword(rep.id, passwordHash: "new hash")
            #expect(try await repositories.members.credentials(email: rep.email)?.passwordHash == "new hash")
            #expect(try await repositories.members.member(rep.id, in: team.id) == changed)

            let elsewhere = Member(teamID: TeamID(), name: "Nobody", email: "nobody@acme.test", role: .rep, createdAt: now)
            await #expect(throws: DomainError.self) { try await repositories.members.updateMember(elsewhere) }
            await #expect(throws: DomainError.self) { try await repositories.members.updatePassword(elsewhere.id, passwordHash: "x") }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anUpdateOfATeamKeepsItsWebhookSecret(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (team, _, _, _) = try await seed(repositories)
            try await repositories.teams.setWebhookSecret("s3cret", of: team.id)
            var renamed = team
            renamed.name = "Acme Renamed"

            try await repositories.teams.updateTeam(renamed)

            #expect(try await repositories.teams.webhookSecret(of: team.id) == "s3cret")
            #expect(try await repositories.teams.team(team.id)?.name == "Acme Renamed")
            await #expect(throws: DomainError.self) { try await repositories.teams.updateTeam(Team(name: "Nowhere", createdAt: now)) }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func reflectionListsOnlyContainWhatTheViewerMaySee(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (team, rep, _, reflection) = try await seed(repositories)
            let manager = Member(teamID: team.id, name: "Max", email: "max@acme.test", role: .manager, createdAt: now)
            try await repositories.members.createMember(manager, passwordHash: "hash")

            let hidden = try await repositories.reflections.reflections(
                visibleTo: manager.id, in: team.id, status: .all, mineOnly: false, page: Paging())
            var shared = reflection
            shared.share(at: now)
            try await repositories.reflections.updateReflection(shared, revision: nil)
            let visible = try await repositories.reflections.reflections(
                visibleTo: manager.id, in: team.id, status: .all, mineOnly: false, page: Paging())
            let authorQueue = try await repositories.reflections.reflections(
                visibleTo: rep.id, in: team.id, status: .pending, mineOnly: true, page: Paging())

            #expect(hidden.items.isEmpty)
            #expect(visible.items.map(\.id) == [reflection.id])
            #expect(authorQueue.items.map(\.id) == [reflection.id])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func revokedTokensNoLongerIdentifyAnyone(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (_, rep, _, _) = try await seed(repositories)
            let token = AccessToken(memberID: rep.id, tokenHash: "abc123", createdAt: now)
            try await repositories.tokens.createToken(token)

            let before = try await repositories.tokens.member(forTokenHash: "abc123")
            let revoked = try await repositories.tokens.revokeToken(token.id, of: rep.id, at: now)
            let after = try await repositories.tokens.member(forTokenHash: "abc123")

            #expect(before?.member == rep)
            #expect(revoked)
            #expect(after == nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func searchFindsAnOlderVisibleMatchBehindManyNewerPrivateOnes(database: TestDatabase) async throws {
        try await database.withDatabase { service in
            let repositories = service.repositories().all
            let (team, rep, interaction, _) = try await seed(repositories)
            let colleague = Member(teamID: team.id, name: "Cora", email: "cora@acme.test", role: .rep, createdAt: now)
            try await repositories.members.createMember(colleague, passwordHash: "hash")
            try await repositories.learning.addLesson(
                Lesson(teamID: team.id, debriefID: nil, text: "Bring the zebra checklist", tags: [], authorID: rep.id, createdAt: now))
            // More than the ranking window of newer matches, all private to someone else.
            var batch = WriteBatch()
            for index in 0..<1_200 {
                let call = Interaction(
                    teamID: team.id, accountID: interaction.accountID, repID: colleague.id, kind: .call, occurredAt: now, outcome: .good,
                    createdAt: now.addingTimeInterval(Double(index)))
                var reflection = Reflection.owed(for: call, policy: team.reviewPolicy, now: now)
                try reflection.edit(ReflectionNotes([.whatWentWell: "zebra \(index)"]), at: now)
                batch.interactions.append(call)
                batch.reflections.append(reflection)
            }
            try await repositories.bulk.write(batch)

            let forRep = try await repositories.search.search(SearchQuery(team: team.id, viewer: rep.id, text: "zebra"))
            let forColleague = try await repositories.search.search(SearchQuery(team: team.id, viewer: colleague.id, text: "zebra", limit: 5))
            let lessonsOnly = try await repositories.search.search(
                SearchQuery(team: team.id, viewer: colleague.id, text: "zebra checklist", kinds: [.lesson], mode: .any))

            #expect(forRep.map(\.kind) == [.lesson], "the colleague's private notes stay hidden, and the older lesson is still found")
            #expect(forColleague.count == 5)
            #expect(lessonsOnly.map(\.kind) == [.lesson], "a search for lessons only finds the lesson, not the notes")
        }
    }
}
