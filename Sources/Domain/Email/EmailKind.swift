import Foundation

/// The kinds of email Rebound sends. Each goes only to the person it concerns, and each can be
/// turned off by that person (in settings, or with one click from the message itself).
public enum EmailKind: String, ClosedSet {
    case reflectionDue, reflectionOverdue, debriefInvitation, perspectiveRequest, actionItemDue, questionAnswered, followUpBrief, weeklyDigest

    /// What the settings page calls it: "Email me when …".
    public var label: String {
        switch self {
        case .reflectionDue: "a reflection on one of my calls is coming due"
        case .reflectionOverdue: "a reflection is overdue (after a bad call, a reminder a day, at most three)"
        case .debriefInvitation: "I am invited to a debrief, or its time changes (with a calendar invitation)"
        case .perspectiveRequest: "a debrief I am in is close and my perspective is not written yet"
        case .actionItemDue: "an action item I own is coming due"
        case .questionAnswered: "a question I asked was answered"
        case .followUpBrief: "a follow-up meeting I arranged is tomorrow (the brief: what to say first, what is still open, whom to bring)"
        case .weeklyDigest: "the team's week is summed up (Monday morning): themes, time to learn, answers, recoveries; never a ranking"
        }
    }
}

public enum OutboundEmailStatus: String, ClosedSet {
    /// Queued, or waiting for its next attempt (or for the recipient's quiet hours to end).
    case pending
    case sent
    /// The relay refused it for good (a bounce), or every attempt failed.
    case failed
    /// Not sent: the recipient turned this kind off, or left the team, before it went out.
    case suppressed
}
