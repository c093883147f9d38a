import Foundation

/// A completed debrief as a Markdown document: summary, timeline, perspectives per area, lessons, actions.
/// Unsubmitted perspectives are never passed in, so they can never be exported.
public struct DebriefMarkdown: Sendable {
    public let debrief: Debrief
    public let accountName: String?
    public let names: [MemberID: String]
    public let timeline: [TimelineEntry]
    public let perspectives: [Perspective]
    public let lessons: [Lesson]
    public let actions: [ActionItem]
    public let pulse: PulseSummary
    /// The reader's zone: moments are shown in it, named; action items' due days are calendar dates.
    public let zone: TimeZone

    public init(
        debrief: Debrief, accountName: String?, names: [MemberID: String], timeline: [TimelineEntry], perspectives: [Perspective],
        lessons: [Lesson], actions: [ActionItem], pulse: PulseSummary, zone: TimeZone = .gmt
    ) {
        self.zone = zone
        self.debrief = debrief
        self.accountName = accountName
        self.names = names
        self.timeline = timeline
        self.perspectives = perspectives.filter(\.isSubmitted)
        self.lessons = lessons
        self.actions = actions
        self.pulse = pulse
    }

    public func render() -> String {
        var out: [String] = []
        out.append("# Debrief: \(escape(debrief.title))")
        out.append("")
        if let accountName { out.append("- Account: \(escape(accountName))") }
        out.append("- Failure event: \(timestamp(debrief.eventAt))")
        out.append("- Due: \(timestamp(debrief.dueAt))")
        if let completed = debrief.completedAt { out.append("- Completed: \(timestamp(completed))") }
        out.append("- Facilitator: \(name(debrief.facilitatorID))")
        out.append("- Participants: \(debrief.everyone.map(name).joined(separator: ", "))")
        if let revisit = debrief.soakRevisitAt { out.append("- Soak-time revisit: \(timestamp(revisit))") }
        out.append("")
        out.append("## Summary")
        out.append("")
        out.append(debrief.summary.map { escape($0) } ?? "_No summary written._")
        out.append("")
        out.append("## Timeline")
        out.append("")
        if timeline.isEmpty { out.append("_No timeline entries._") }
        for entry in timeline.sorted(by: { $0.occurredAt < $1.occurredAt }) {
            out.append("- **\(timestamp(entry.occurredAt))** · \(escape(entry.actor)) (\(entry.source.rawValue)): \(escape(entry.description))")
        }
        out.append("")
        out.append("## Perspectives")
        for area in DebriefArea.allCases {
            out.append("")
            out.append("### \(area.title)")
            out.append("")
            let views = perspectives.filter { $0.area == area }.sorted { name($0.authorID) < name($1.authorID) }
            if views.isEmpty { out.append("_No perspectives submitted._") }
            for view in views {
                out.append("**\(name(view.authorID))**")
                out.append("")
                out.append(escape(view.text))
                out.append("")
            }
        }
        out.append("")
        out.append("## Lessons")
        out.append("")
        if lessons.isEmpty { out.append("_No lessons recorded._") }
        for lesson in lessons {
            let tags = lesson.tags.isEmpty ? "" : " (" + lesson.tags.map { "#\(escape($0))" }.joined(separator: " ") + ")"
            out.append("- \(escape(lesson.text))\(tags)")
        }
        out.append("")
        out.append("## Action items")
        out.append("")
        if actions.isEmpty { out.append("_No action items._") } else {
            out.append("| Action | Owner | Due | Status |")
            out.append("|---|---|---|---|")
            for action in actions {
                out.append("| \(escape(action.title, inTable: true)) | \(name(action.ownerID)) | \(day(action.dueDate)) | \(action.status.rawValue) |")
            }
        }
        if let parked = debrief.parkedIdeas {
            out.append("")
            out.append("## Parked ideas")
            out.append("")
            out.append(escape(parked))
        }
        if pulse.responses > 0 {
            out.append("")
            out.append("## Pulse")
            out.append("")
            guard pulse.isReportable else {
                out.append("\(pulse.responses) answered; the counts are shown from \(PulseSummary.minimumForReport) answers on, so that no answer can be picked out.")
                return out.joined(separator: "\n") + "\n"
            }
            out.append("\(pulse.learnedSomething) of \(pulse.responses) learned something that changes how they work; \(pulse.wouldAttendAgain) of \(pulse.responses) would attend another.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func name(_ id: MemberID) -> String { escape(names[id] ?? "former member") }

    private func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: zone).year().month().day().time(includingFractionalSeconds: false))
            + " " + TimeZones.displayName(zone, at: date)
    }

    private func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    /// User text cannot inject Markdown structure or HTML into the export.
    func escape(_ text: String, inTable: Bool = false) -> String {
        Escape.markdown(text, keepingLines: !inTable)
    }
}
