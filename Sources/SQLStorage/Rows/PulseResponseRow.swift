import Domain
import Foundation

/// One participant's pulse answer (unique per debrief and member). Only ever read in aggregate,
/// so there is no way back to a Domain response; the team is the debrief's.
struct PulseResponseRow: TableRow {
    static let table = "pulse_responses"

    var id: UUID
    var teamID: UUID
    var debriefID: UUID
    var memberID: UUID
    var learnedSomething: Bool
    var wouldAttendAgain: Bool
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case teamID = "team_id", debriefID = "debrief_id", memberID = "member_id", learnedSomething = "learned_something"
        case wouldAttendAgain = "would_attend_again", createdAt = "created_at"
    }

    init(_ p: PulseResponse, team: TeamID) {
        id = UUID()
        teamID = team.rawValue
        debriefID = p.debriefID.rawValue
        memberID = p.memberID.rawValue
        learnedSomething = p.learnedSomething
        wouldAttendAgain = p.wouldAttendAgain
        createdAt = p.createdAt
    }
}
