import Foundation

/// How long consent records are kept: long enough to prove a consent for as long as it can be
/// relied on, and no longer (storage limitation, GDPR Art. 5(1)(e)). Default: 24 months.
public struct RetentionPolicy: Sendable {
    public var months: Int

    public init(months: Int = 24) { self.months = months }

    /// Records made before this moment are deleted.
    public func cutoff(now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }

    /// Deletes what is older than the policy allows, leaving a checkpoint in the log; returns how many records went.
    public func purge(_ store: any ConsentStore, now: Date = Date()) async throws -> Int {
        try await store.purge(olderThan: cutoff(now: now), now: now)
    }

    /// Purges now and then once a day while the server runs; stops when the task is cancelled. Servers
    /// sharing a log purge once a day between them (`ConsentStore.purgeOncePerDay`).
    public func runDaily(_ store: any ConsentStore, log: @escaping @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do {
                let now = Date()
                if let deleted = try await store.purgeOncePerDay(olderThan: cutoff(now: now), now: now), deleted > 0 {
                    log("retention: deleted \(deleted) records older than \(months) months")
                }
            } catch {
                log("retention: purge failed: \(error)")
            }
            try? await Task.sleep(for: .seconds(86_400))
        }
    }
}
