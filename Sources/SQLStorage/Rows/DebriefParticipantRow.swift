import Domain
import Foundation

/// One participant of a debrief; `position` keeps the order the facilitator gave (unique per debrief
/// and member). The rows of a debrief are replaced whole when its participants change.
struct DebriefParticipantRow: TableRow {
    static let table = "debrief_participants"

    var id: UUID
    var debriefID: UUID
    var memberID: UUID
    var position: Int

    enum CodingKeys: String, CodingKey {
        case id, position
        case debriefID = "debrief_id", memberID = "member_id"
    }

    init(debrief: DebriefID, member: MemberID, position: Int) {
        id = .random()
        debriefID = debrief.rawValue
        memberID = member.rawValue
        self.position = position
    }

    /// A debrief's participants, one row each in their order.
    static func rows(of debrief: Debrief) -> [DebriefParticipantRow] {
        debrief.participantIDs.enumerated().map { DebriefParticipantRow(debrief: debrief.id, member: $1, position: $0) }
    }
}
