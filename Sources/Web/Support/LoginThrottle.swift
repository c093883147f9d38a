import Features
import Foundation

/// Slows password guessing, per account and per client address, before any bcrypt work is done.
///
/// Every attempt counts as a failure until it succeeds, so a burst of parallel guesses is counted
/// in full before the first hash finishes. After `freeFailures` failures in a row, each further
/// attempt must wait twice as long as the one before (1 s, 2 s, 4 s … up to `maximumDelay`); a
/// success clears the account's count. Counts are forgotten `memory` after the last failure.
/// The state is per server process: with several servers an attacker gets each server's allowance.
final class LoginThrottle: @unchecked Sendable {
    struct Limits: Sendable {
        var freeFailures: Int
        var maximumDelay: TimeInterval
    }

    /// A login refused without checking the password; try again after `retryAfter` seconds.
    struct Refusal: Error, Equatable {
        let retryAfter: Int
    }

    static let perAccount = Limits(freeFailures: 5, maximumDelay: 15 * 60)
    /// An office behind one address shares it, so the address allows more before slowing down.
    static let perAddress = Limits(freeFailures: 30, maximumDelay: 15 * 60)
    static let memory: TimeInterval = 60 * 60
    static let maximumEntries = 100_000

    private struct Entry {
        var failures: Int
        var last: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// Records an attempt for the account and the address, or refuses it while either must wait.
    func begin(account: String, address: String?, now: Date) throws(Refusal) {
        let keys = [("account:" + account, Self.perAccount)] + (address.map { [("address:" + $0, Self.perAddress)] } ?? [])
        let wait: TimeInterval = lock.withLock {
            var wait: TimeInterval = 0
            for (key, limits) in keys {
                guard let entry = live(key, now: now), entry.failures >= limits.freeFailures else { continue }
                let delay = min(limits.maximumDelay, pow(2, Double(entry.failures - limits.freeFailures)))
                wait = max(wait, entry.last.addingTimeInterval(delay).timeIntervalSince(now))
            }
            guard wait <= 0 else { return wait }
            if entries.count >= Self.maximumEntries { entries = entries.filter { now.timeIntervalSince($0.value.last) < Self.memory } }
            for (key, _) in keys {
                var entry = live(key, now: now) ?? Entry(failures: 0, last: now)
                entry.failures += 1
                entry.last = now
                entries[key] = entry
            }
            return 0
        }
        if wait > 0 { throw Refusal(retryAfter: Int(wait.rounded(.up))) }
    }

    /// The password was right: the account starts afresh, and the attempt no longer counts against the address.
    func succeeded(account: String, address: String?) {
        lock.withLock {
            entries["account:" + account] = nil
            if let address, var entry = entries["address:" + address] {
                entry.failures = max(0, entry.failures - 1)
                entries["address:" + address] = entry
            }
        }
    }

    private func live(_ key: String, now: Date) -> Entry? {
        guard let entry = entries[key], now.timeIntervalSince(entry.last) < Self.memory else { return nil }
        return entry
    }
}
