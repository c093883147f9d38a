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
