import Domain
import Features
import Foundation

/// Bearer token → member, remembered for a few seconds so a burst of requests does not look the
/// token and its member up every time. This server forgets an entry at once when the token is
/// revoked or the member changed here; another server sharing the database notices within `lifetime`.
final class IdentityCache: @unchecked Sendable {
    private struct Entry {
        let identity: Identity
        let expires: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(5), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func identity(forHash hash: String) -> Identity? {
        lock.withLock {
            guard let entry = entries[hash] else { return nil }
            guard entry.expires > .now else {
                entries[hash] = nil
                return nil
            }
            return entry.identity
        }
    }

    func remember(_ identity: Identity, forHash hash: String) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(identity: identity, expires: .now + lifetime)
        }
    }

    func forget(token: AccessTokenID) {
        lock.withLock { entries = entries.filter { $0.value.identity.tokenID != token } }
    }

    func forget(member: MemberID) {
        lock.withLock { entries = entries.filter { $0.value.identity.member.id != member } }
    }
}
