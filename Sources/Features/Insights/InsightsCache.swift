import Domain
import Foundation
import Storage

/// Insights are trends over weeks; at a million interactions computing them reads hundreds of
/// thousands of index entries. Each (team, period) is computed once a minute, and requests that
/// arrive while it is being computed wait for that one computation instead of starting their own.
public final class InsightsCache: InsightsRepository, @unchecked Sendable {
    private struct Key: Hashable {
        let team: TeamID
        let from: Date
        let to: Date
    }

    private let base: any InsightsRepository
    private let lifetime: Duration
    private let lock = NSLock()
    private var entries: [Key: (computation: Task<Insights, any Error>, expires: ContinuousClock.Instant)] = [:]

    public init(base: any InsightsRepository, lifetime: Duration = .seconds(60)) {
        self.base = base
        self.lifetime = lifetime
    }

    public func insights(in team: TeamID, from: Date, to: Date) async throws -> Insights {
        let key = Key(team: team, from: from, to: to)
        let computation = lock.withLock {
            if let entry = entries[key], entry.expires > .now { return entry.computation }
            if entries.count > 1_000 { entries = entries.filter { $0.value.expires > .now } }
            let base = self.base
            let computation = Task { try await base.insights(in: team, from: from, to: to) }
            entries[key] = (computation, .now + lifetime)
            return computation
        }
        do {
            return try await computation.value
        } catch {
            lock.withLock { entries[key] = nil }
            throw error
        }
    }

    public func operationalCounts(at now: Date) async throws -> OperationalCounts {
        try await base.operationalCounts(at: now)
    }

    public func foldInsightChanges() async throws {
        try await base.foldInsightChanges()
    }

    /// The default period ends at the next whole minute, so requests within a minute share a result.
    public static func defaultEnd(_ now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.up) * 60)
    }
}
