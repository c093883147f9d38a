import Foundation
import Testing

@testable import Domain

@Suite struct IdentifierTests {
    @Test func newIdsAreRandomVersionFourUUIDs() {
        let ids = (0..<1000).map { _ in InteractionID().rawValue }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.uuid.6 >> 4 == 4 && $0.uuid.8 >> 6 == 0b10 })
    }

    /// Inside a sequence (a bulk load) every new id sorts after the one before, as text and as bytes,
    /// so each lands next to the last in an index; outside it, ids are random again.
    @Test func idsMadeInASequenceFollowOneAnother() {
        let ids = UUIDSequence.$current.withValue(UUIDSequence()) { (0..<300).map { _ in ReflectionID().rawValue } }
        #expect(Set(ids).count == ids.count)
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(ids.allSatisfy { $0.uuid.6 >> 4 == 8 && $0.uuid.8 >> 6 == 0b10 })
        let other = UUIDSequence.$current.withValue(UUIDSequence()) { ReflectionID().rawValue }
        #expect(other.uuidString.prefix(13) != ids[0].uuidString.prefix(13), "each sequence has its own random prefix")
        #expect(InteractionID().rawValue.uuid.6 >> 4 == 4)
    }
}
