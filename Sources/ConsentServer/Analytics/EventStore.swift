import Foundation

/// Where analytics events go: a SQLite file of their own (`SQLiteEventStore`), or the PostgreSQL
/// database that several servers share (`PostgresEventStore`). Events are counts, not proof: they
/// are queued in memory and committed in batches, unlike the consent log's durable writes.
public protocol EventStore: Sendable {
    /// Queues the event; it is committed with the next batch. False when too many wait already.
    func record(_ event: PageEvent) -> Bool
    /// Commits what waits now.
    func flush() async throws
    /// Commits every `interval` until cancelled, then commits what still waits.
    func run(every interval: Duration) async
    /// How many events are stored under a consent id (waiting ones included).
    func count(consentID: String) async throws -> Int
    /// Deletes every event under a consent id, waiting ones included; returns how many went.
    func delete(consentID: String) async throws -> Int
    /// Deletes the events recorded before the cutoff (retention); returns how many went. The daily
    /// rollups hold no visitor or consent id and stay.
    func purge(olderThan cutoff: Date) async throws -> Int
    /// Rolls up every whole UTC day before `today` that has events and no rollup yet; returns how many days.
    func rollUp(before today: String) async throws -> Int
    /// The dashboard's figures for the days `from` through `to` (`2026-05-04`, UTC, both included),
    /// each table cut to `limit` lines.
    func report(from: String, to: String, limit: Int) async throws -> AnalyticsReport
    /// Every stored event, oldest first (for tests and exports).
    func all() async throws -> [PageEvent]
}

extension EventStore {
    public func run() async { await run(every: .milliseconds(250)) }
}
