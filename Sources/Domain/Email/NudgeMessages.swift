import Foundation

/// The words of each nudge. Times are the recipient's own (their zone, named); nothing here names
/// anyone else's private notes: a nudge speaks only of the recipient's own work or of what the team
/// already shares.
public struct NudgeMessages: Sendable {
    public let recipientName: String
    public let zone: TimeZone
    public let layout: EmailLayout

    public init(recipientName: String, zone: TimeZone, layout: EmailLayout) {
        self.recipientName = recipientName
        self.zone = zone
        self.layout = layout
    }

    private var greeting: String { "Hi \(firstName)," }
    private var firstName: String { recipientName.split(separator: " ").first.map(String.init) ?? recipientName }
    private func time(_ date: Date) -> String { TimeZones.dateTime(date, in: zone) }

    public func reflectionDue(account: String, interaction: InteractionKind, at: Date, dueAt: Date, link: String) -> EmailContent {
        layout.render(
            subject: "A few minutes on your \(interaction.rawValue) with \(account)",
            greeting: greeting,
            blocks: [
                .paragraph("Your reflection on the \(interaction.rawValue) with \(account) (\(time(at))) is due \(time(dueAt))."),
                .paragraph("A few minutes while it is fresh: what happened, what you would keep, what you would try next time. It stays private unless you share it."),
                .action(label: "Reflect now", url: link),
            ],
            kind: .reflectionDue)
    }

    public func reflectionOverdue(account: String, interaction: InteractionKind, at: Date, dueAt: Date, reminder: Int, of cap: Int, link: String) -> EmailContent {
        // A capped series means a bad call: no skipping those, but cooling off first is fine.
        let nudge = cap > 1
            ? "Hard calls teach the most, and they fade fastest. Five minutes is enough, and you can push it back once if you need to cool off first."
            : "Five minutes while you still remember it is enough; if there is nothing to learn from this one, you can skip it."
        var blocks: [EmailBlock] = [
            .paragraph("Your reflection on the \(interaction.rawValue) with \(account) (\(time(at))) was due \(time(dueAt))."),
            .paragraph(nudge),
            .action(label: "Reflect now", url: link),
        ]
        if cap > 1 { blocks.append(.paragraph(reminder < cap ? "Reminder \(reminder) of \(cap)." : "This is the last reminder.")) }
        return layout.render(subject: "Still open: your reflection on \(account)", greeting: greeting, blocks: blocks, kind: .reflectionOverdue)
    }

    public func questionAnswered(question: String, answer: String, link: String) -> EmailContent {
        layout.render(
            subject: "Your question was answered",
            greeting: greeting,
            blocks: [.paragraph("You asked:"), .quote(question), .paragraph("The answer:"), .quote(answer), .action(label: "See the questions", url: link)],
            kind: .questionAnswered)
    }

    /// `due` is a calendar date (its UTC midnight), the same day wherever it is read.
    public func actionItemDue(title: String, due: Date, link: String) -> EmailContent {
        let day = due.formatted(Date.FormatStyle(date: .complete, time: .omitted, timeZone: .gmt))
        return layout.render(
            subject: "Due \(day): \(title)",
            greeting: greeting,
            blocks: [.paragraph("An action item you own is due \(day):"), .quote(title), .action(label: "Open it", url: link)],
            kind: .actionItemDue)
    }

    public func perspectiveRequest(debrief: String, meetingAt: Date, link: String) -> EmailContent {
        layout.render(
            subject: "Before the debrief: your perspective on \(debrief)",
            greeting: greeting,
            blocks: [
                .paragraph("The debrief \u{201C}\(debrief)\u{201D} meets \(time(meetingAt))."),
                .paragraph("Writing your perspective first, on your own, keeps the meeting from following the loudest voice. It is about what happened, never who is to blame."),
                .action(label: "Write my perspective", url: link),
            ],
            kind: .perspectiveRequest)
    }

    /// The day before a follow-up meeting, to whoever arranged it: the brief in short, as they may see it.
    public func followUpBrief(_ brief: FollowUpBrief, meetingAt: Date, bring: [String], link: String) -> EmailContent {
        var blocks: [EmailBlock] = [.paragraph("Your meeting with \(brief.account.name) is \(time(meetingAt)). Before you go:")]
        if let opener = brief.openers.first {
            blocks.append(.paragraph("Name what went wrong first, for instance:"))
            blocks.append(.quote(opener))
        }
        if !brief.answeredQuestions.isEmpty {
            blocks.append(.paragraph("Last time's questions now answered: \(brief.answeredQuestions.count). Bring the answers."))
        }
        if !brief.openQuestions.isEmpty {
            blocks.append(.paragraph("Still open, so say so rather than improvise:"))
            for question in brief.openQuestions.prefix(3) { blocks.append(.quote(question.text)) }
        }
        if !bring.isEmpty { blocks.append(.paragraph("Consider bringing: " + bring.joined(separator: ", ") + ".")) }
        blocks.append(.action(label: "Open the brief", url: link))
        return layout.render(subject: "Tomorrow with \(brief.account.name): your brief", greeting: greeting, blocks: blocks, kind: .followUpBrief)
    }

    /// The team's week, for everyone in it: what was learned, never who did what. `week` is the
    /// week's first and last day in the team's zone.
    public func weeklyDigest(
        team: String, week: (first: Date, last: Date), teamZone: TimeZone, insights: Insights, answered: [(question: String, answer: String)], link: String
    ) -> EmailContent {
        // The week is the team's, so its days are named in the team's zone.
        func day(_ date: Date) -> String { date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, timeZone: teamZone)) }
        var blocks: [EmailBlock] = [.paragraph("\(team), \(day(week.first)) to \(day(week.last)).")]
        var reflecting = "Reflections: \(insights.reflectionsCompleted) written"
        if insights.reflectionsDue > 0 { reflecting += " of \(insights.reflectionsDue) due, \(insights.reflectionsOnTime) on time" }
        blocks.append(.paragraph(reflecting + "."))
        if insights.debriefsCompleted > 0 {
            var debriefs = "Debriefs held: \(insights.debriefsCompleted)"
            if let hours = insights.medianHoursToDebrief { debriefs += "; from a failure to its lessons took \(Int(hours.rounded())) h (median)" }
            blocks.append(.paragraph(debriefs + "."))
        }
        let themes = (insights.lostReasons + insights.lessonTags).sorted { $0.count > $1.count }.prefix(5)
        if !themes.isEmpty {
            blocks.append(.paragraph("Themes: " + themes.map { "\($0.label) (\($0.count))" }.joined(separator: ", ") + "."))
        }
        if !answered.isEmpty {
            blocks.append(.paragraph(answered.count == 1 ? "One customer question was answered:" : "Customer questions answered:"))
            for pair in answered.prefix(3) { blocks.append(.quote("\(pair.question)\n\(pair.answer)")) }
        }
        if insights.followUpsWithResult > 0 {
            blocks.append(.paragraph("Recoveries: \(insights.recovered) of \(insights.followUpsWithResult) follow-ups after a failure won the customer back."))
        }
        blocks.append(.paragraph("This is about what the team learns, never about who: there is no ranking of people here or anywhere in Rebound."))
        blocks.append(.action(label: "See the team's insights", url: link))
        return layout.render(subject: "The week at \(team): what the team learned", greeting: greeting, blocks: blocks, kind: .weeklyDigest)
    }

    public func debriefInvitation(_ invitation: DebriefInvitation, link: String) -> EmailContent {
        let blocks: [EmailBlock]
        let subject: String
        switch invitation.method {
        case .request:
            subject = invitation.sequence == 0 ? "Invitation: debrief \(invitation.title)" : "Updated: debrief \(invitation.title)"
            blocks = [
                .paragraph("\(invitation.facilitatorName) invites you to the debrief \u{201C}\(invitation.title)\u{201D}, \(time(invitation.start)), \(invitation.minutes) minutes."),
                .paragraph("A debrief is blameless: it looks at what happened and what to change, never at who is at fault."),
                .action(label: "Open the debrief", url: link),
            ]
        case .cancel:
            subject = "Cancelled: debrief \(invitation.title)"
            blocks = [
                .paragraph("The debrief \u{201C}\(invitation.title)\u{201D} planned for \(time(invitation.start)) is no longer on your calendar."),
                .action(label: "Open the debrief", url: link),
            ]
        }
        return layout.render(
            subject: subject, greeting: greeting, blocks: blocks, kind: .debriefInvitation,
            calendar: EmailCalendar(method: invitation.method, ics: invitation.ics(link: link)))
    }
}
