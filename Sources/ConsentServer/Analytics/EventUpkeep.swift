import Foundation
import PigmentModel

/// The events' hourly chores: roll up each whole day once it is over (ten minutes after midnight
/// UTC, so a batch still queued at midnight on any server is in), and purge events older than the
/// visitor cookie lives (13 months). Both are idempotent, so several servers may run them.
public struct EventUpkeep: Sendable {
    let events: any EventStore
    var retention = RetentionPolicy(months: 13)
    /// A day is rolled up this long after it ends.
    static let settling: TimeInterval = 600

    public init(events: any EventStore) { self.events = events }

    /// One round: returns the days rolled up and the events purged.
    @discardableResult
    public func runOnce(now: Date) async throws -> (days: Int, purged: Int) {
        let days = try await events.rollUp(before: UTCDay.text(now.addingTimeInterval(-Self.settling)))
        let purged = try await events.purge(olderThan: retention.cutoff(now: now))
        return (days, purged)
    }

    /// A round now and then every hour until cancelled; a failed round is tried again the next hour.
    public func run(every interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            _ = try? await runOnce(now: Date())
            try? await Task.sleep(for: interval)
        }
    }
}
