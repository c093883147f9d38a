import Crypto
import Domain
import Foundation
import Storage

/// Finds what each member should be nudged about and queues it in the outbox, once per key. Every
/// nudge goes to the one person it concerns: the author of a reflection, the owner of an action item,
/// the member who logged a question, the participants of a debrief. Safe on several servers at once:
/// a key is queued once per team, whoever queues it first.
public struct NudgePlanner: Sendable {
    public let repositories: Repositories
    let publicURL: String
    /// Rebound's sending address, the organizer of its calendar invitations.
    let organizer: String
    public let clock: @Sendable () -> Date

    /// A reflection "coming due" is nudged this long before it is due.
    public static let dueSoon: TimeInterval = 2 * 3600
    /// After a bad call the overdue reminder repeats this often, at most `badCallReminders` times; after
    /// any other call it comes once.
    public static let reminderInterval: TimeInterval = 24 * 3600
    public static let badCallReminders = 3
    /// The perspective request comes this long before the debrief meets; the action item reminder this
    /// long before its day.
    public static let perspectiveLead: TimeInterval = 48 * 3600
    public static let actionLead: TimeInterval = 24 * 3600
    /// Invitations go out for meetings up to this far ahead.
    public static let invitationHorizon: TimeInterval = 90 * 24 * 3600
    /// Answers older than this when first seen (a server that was off for a week) are not announced.
    public static let answerWindow: TimeInterval = 2 * 24 * 3600
    /// The follow-up brief goes this long before the meeting.
    public static let briefLead: TimeInterval = 24 * 3600
    /// The weekly digest goes from this hour on Monday, in the team's zone, until Wednesday.
    public static let digestHour = 8

    public init(repositories: Repositories, publicURL: String, organizer: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.repositories = repositories
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.organizer = organizer
        self.clock = clock
    }

    /// One round over every team; returns how many messages were queued.
    @discardableResult
    public func runOnce() async throws -> Int {
        var queued = 0
        for team in try await repositories.teams.allTeams() { queued += try await plan(team) }
        return queued
    }

    /// A message waiting to be rendered: rendering (and its token) happens only for keys not yet queued.
    struct Draft {
        let member: MemberID
        let kind: EmailKind
        let key: String
        var subjectID: UUID? = nil
        var subjectAt: Date? = nil
        var sequence = 0
        let render: @Sendable (NudgeMessages, Member) -> EmailContent
    }

    public func plan(_ team: Team) async throws -> Int {
        let now = clock()
        var drafts: [Draft] = []
        drafts += try await reflectionDrafts(team, now: now)
        drafts += try await questionDrafts(team, now: now)
        drafts += try await actionDrafts(team, now: now)
        let everyone = try await repositories.members.members(in: team.id)
        drafts += try await debriefDrafts(team, members: everyone, now: now)
        drafts += try await digestDrafts(team, members: everyone, now: now)
        drafts += try await briefDrafts(team, members: everyone, now: now)
        guard !drafts.isEmpty else { return 0 }

        let queued = try await repositories.email.queuedEmailKeys(drafts.map(\.key), in: team.id)
        let fresh = drafts.filter { !queued.contains($0.key) }
        guard !fresh.isEmpty else { return 0 }
        let members = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0) })
        var emails: [OutboundEmail] = []
        var preferences: [MemberID: EmailPreferences] = [:]
        for draft in fresh {
            guard let member = members[draft.member], member.active else { continue }
            if preferences[member.id] == nil { preferences[member.id] = try await repositories.email.emailPreferences(of: member.id) }
            let wants = preferences[member.id]?.wants(draft.kind) ?? true
            let token = RandomToken.hex(bytes: 32)
            let unsubscribe = publicURL + SiteURL.unsubscribe(token).path
            let layout = EmailLayout(unsubscribeURL: unsubscribe, settingsURL: publicURL + SiteURL.settingsEmail.path)
            let messages = NudgeMessages(recipientName: member.name, zone: TimeZones.zone(member.timeZone ?? team.timeZone), layout: layout)
            var email = OutboundEmail(
                teamID: team.id, memberID: member.id, kind: draft.kind, key: draft.key, to: member.email, recipientName: member.name,
                content: wants ? draft.render(messages, member) : EmailContent(subject: "", text: "", html: "", unsubscribeURL: ""),
                unsubscribeTokenHash: Self.digest(token), subjectID: draft.subjectID, subjectAt: draft.subjectAt, sequence: draft.sequence,
                nextAttemptAt: now, createdAt: now)
            // Kept in the outbox, unsent, so the decision is made once and the log says why.
            if !wants { email.suppressed(because: "turned off by the member", at: now) }
            emails.append(email)
        }
        return try await repositories.email.enqueueEmails(emails)
    }

    public static func digest(_ token: String) -> String { Hex.lowercase(SHA256.hash(data: Data(token.utf8))) }

    private func link(_ page: SiteURL) -> String { publicURL + page.path }

    private func reflectionDrafts(_ team: Team, now: Date) async throws -> [Draft] {
        let oldest = now.addingTimeInterval(-Self.reminderInterval * Double(Self.badCallReminders))
        return try await repositories.email.pendingReflections(in: team.id, dueAfter: oldest, through: now.addingTimeInterval(Self.dueSoon))
            .compactMap { r in
                let link = link(.reflection(r.reflectionID))
                if r.dueAt > now {
                    return Draft(member: r.authorID, kind: .reflectionDue, key: "reflection-due:\(r.reflectionID)") { messages, _ in
                        messages.reflectionDue(account: r.account, interaction: r.interactionKind, at: r.interactionAt, dueAt: r.dueAt, link: link)
                    }
                }
                let cap = r.outcome == .bad ? Self.badCallReminders : 1
                let reminder = Int(now.timeIntervalSince(r.dueAt) / Self.reminderInterval) + 1
                guard reminder <= cap else { return nil }
                return Draft(member: r.authorID, kind: .reflectionOverdue, key: "reflection-overdue:\(r.reflectionID):\(reminder)") { messages, _ in
                    messages.reflectionOverdue(
                        account: r.account, interaction: r.interactionKind, at: r.interactionAt, dueAt: r.dueAt, reminder: reminder, of: cap, link: link)
                }
            }
    }

    private func questionDrafts(_ team: Team, now: Date) async throws -> [Draft] {
        let link = link(.questions)
        return try await repositories.email.answeredQuestions(in: team.id, closedAfter: now.addingTimeInterval(-Self.answerWindow)).compactMap { q in
            // Someone else's answer only: the member who answered their own question knows.
            guard let answer = q.answer, let by = q.answeredByID, by != q.askedByID else { return nil }
            return Draft(member: q.askedByID, kind: .questionAnswered, key: "question-answered:\(q.id)") { messages, _ in
                messages.questionAnswered(question: q.text, answer: answer, link: link)
            }
        }
    }

    private func actionDrafts(_ team: Team, now: Date) async throws -> [Draft] {
        try await repositories.email.openActionItems(in: team.id, dueFrom: now.addingTimeInterval(-Self.actionLead), through: now.addingTimeInterval(Self.actionLead))
            .map { item in
                let link = link(item.debriefID.map { .debrief($0) } ?? .home)
                return Draft(member: item.ownerID, kind: .actionItemDue, key: "action-due:\(item.id)") { messages, _ in
                    messages.actionItemDue(title: item.title, due: item.dueDate, link: link)
                }
            }
    }

    /// The brief for each follow-up meeting in the next day, to the member who arranged it, assembled as
    /// they may see it. Moving the meeting sends it again for the new time.
    private func briefDrafts(_ team: Team, members: [Member], now: Date) async throws -> [Draft] {
        let meetings = try await repositories.meetings.meetings(in: team.id, startingAfter: now, through: now.addingTimeInterval(Self.briefLead))
        guard !meetings.isEmpty else { return [] }
        func key(_ meeting: FollowUpMeeting) -> String { "brief:\(meeting.accountID):\(Int(meeting.startsAt.timeIntervalSince1970))" }
        let queued = try await repositories.email.queuedEmailKeys(meetings.map(key), in: team.id)
        let byID = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0) })
        let assembler = BriefAssembler(repositories: repositories)
        var drafts: [Draft] = []
        for meeting in meetings where !queued.contains(key(meeting)) {
            guard let owner = byID[meeting.ownerID], let account = try await repositories.accounts.account(meeting.accountID, in: team.id) else { continue }
            // An account with no failure has no brief; the meeting needs no nudge.
            guard let brief = try? await assembler.brief(for: account, viewer: owner) else { continue }
            let bring = brief.experts.prefix(2).map { "\($0.member.name) (\($0.topics.joined(separator: ", ")))" }
            let link = link(.brief(account.id))
            drafts.append(
                Draft(member: owner.id, kind: .followUpBrief, key: key(meeting)) { messages, _ in
                    messages.followUpBrief(brief, meetingAt: meeting.startsAt, bring: Array(bring), link: link)
                })
        }
        return drafts
    }

    /// The team's week in review, on Monday morning in the team's zone, to everyone active: team figures
    /// and answered library questions only. A week in which nothing happened sends nothing.
    private func digestDrafts(_ team: Team, members: [Member], now: Date) async throws -> [Draft] {
        let zone = TimeZones.zone(team.timeZone)
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        guard let thisWeek = calendar.dateInterval(of: .weekOfYear, for: now)?.start,
            let from = calendar.date(bySettingHour: Self.digestHour, minute: 0, second: 0, of: thisWeek),
            let until = calendar.date(byAdding: .day, value: 3, to: thisWeek),
            let lastWeek = calendar.date(byAdding: .weekOfYear, value: -1, to: thisWeek),
            now >= from, now < until
        else { return [] }
        let stamp = thisWeek.formatted(Date.ISO8601FormatStyle(timeZone: zone).year().month().day())
        func key(_ member: Member) -> String { "digest:\(member.id):\(stamp)" }
        let active = members.filter(\.active)
        let queued = try await repositories.email.queuedEmailKeys(active.map(key), in: team.id)
        let due = active.filter { !queued.contains(key($0)) }
        guard !due.isEmpty else { return [] }

        let insights = try await repositories.insights.insights(in: team.id, from: lastWeek, to: thisWeek)
        let answered = try await repositories.email.answeredQuestions(in: team.id, closedAfter: lastWeek)
            .filter { $0.inLibrary && ($0.closedAt ?? thisWeek) < thisWeek }
            .compactMap { question in question.answer.map { (question: question.text, answer: $0) } }
        let happened = insights.reflectionsDue + insights.reflectionsCompleted + insights.debriefsCompleted + insights.followUpsWithResult + answered.count
        guard happened > 0 else { return [] }
        let week = (first: lastWeek, last: thisWeek.addingTimeInterval(-1))
        let link = link(.insights)
        return due.map { member in
            Draft(member: member.id, kind: .weeklyDigest, key: key(member)) { messages, _ in
                messages.weeklyDigest(team: team.name, week: week, teamZone: zone, insights: insights, answered: answered, link: link)
            }
        }
    }

    /// Invitations (new, moved, cancelled) and perspective requests.
    private func debriefDrafts(_ team: Team, members everyone: [Member], now: Date) async throws -> [Draft] {
        let scheduled = try await repositories.email.scheduledDebriefs(in: team.id, after: now, through: now.addingTimeInterval(Self.invitationHorizon))
        let invited = try await repositories.email.debriefsWithInvitations(in: team.id, meetingAfter: now)
        var ids = Set(scheduled)
        ids.formUnion(invited)
        guard !ids.isEmpty else { return [] }
        var latest: [String: OutboundEmail] = [:]
        for email in try await repositories.email.latestInvitations(to: Array(ids), in: team.id) {
            if let debrief = email.subjectID { latest["\(DebriefID(debrief)):\(email.memberID)"] = email }
        }
        let members = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0) })
        var drafts: [Draft] = []
        for id in ids {
            guard let debrief = try await repositories.debriefs.debrief(id, in: team.id) else { continue }
            let meeting = debrief.status == .completed ? nil : debrief.scheduledFor.flatMap { $0 > now ? $0 : nil }
            let facilitator = members[debrief.facilitatorID]?.name ?? "the facilitator"
            let link = link(.debrief(id))
            var people = Set(debrief.everyone)
            people.formUnion(latest.values.filter { $0.subjectID == id.rawValue }.map(\.memberID))
            for person in people {
                let last = latest["\(id):\(person)"]
                let wanted = meeting.flatMap { debrief.isParticipant(person) ? $0 : nil }
                let method: EmailCalendar.Method
                let start: Date
                // The last message sent (or suppressed, or bounced) for this person stands until the
                // meeting moves, is cleared, or they leave it.
                let lastSaid = last?.content.calendar?.method
                if let wanted {
                    if lastSaid == .request, Self.sameMoment(last?.subjectAt, wanted) { continue }
                    method = .request
                    start = wanted
                } else {
                    guard lastSaid == .request, let was = last?.subjectAt, was > now else { continue }
                    method = .cancel
                    start = was
                }
                let sequence = (last?.sequence ?? -1) + 1
                let organizer = organizer
                drafts.append(
                    Draft(
                        member: person, kind: .debriefInvitation, key: "invitation:\(id):\(person):\(sequence)", subjectID: id.rawValue,
                        subjectAt: start, sequence: sequence
                    ) { messages, member in
                        messages.debriefInvitation(
                            DebriefInvitation(
                                debriefID: id, title: debrief.title, start: start, sequence: sequence, method: method, facilitatorName: facilitator,
                                organizer: organizer, attendeeName: member.name, attendee: member.email, stamp: now),
                            link: link)
                    })
            }
            if let meeting, meeting <= now.addingTimeInterval(Self.perspectiveLead), debrief.status == .scheduled {
                let written = try await repositories.email.perspectiveAuthors(of: id)
                for person in debrief.everyone where !written.contains(person) {
                    drafts.append(
                        Draft(member: person, kind: .perspectiveRequest, key: "perspective:\(id):\(person)") { messages, _ in
                            messages.perspectiveRequest(debrief: debrief.title, meetingAt: meeting, link: link)
                        })
                }
            }
        }
        return drafts
    }

    /// Stored times may come back rounded (SQLite keeps fractions of a second imprecisely).
    static func sameMoment(_ a: Date?, _ b: Date) -> Bool {
        guard let a else { return false }
        return abs(a.timeIntervalSince(b)) < 1
    }
}
