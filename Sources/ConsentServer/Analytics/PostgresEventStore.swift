import Foundation
import Logging
import PigmentModel
import PostgresNIO

/// Analytics events in the PostgreSQL database the consent log lives in (migration 2 of
/// `PostgresSchema`), through the log's own connection pool: every server's events land in one
/// table, so the dashboard counts them all and "Delete my analytics data" on any server deletes
/// what every server stored. Written in batches like the SQLite store; each batch is one
/// transaction of multi-row INSERTs, which keep only the events whose consent id's latest record
/// still grants analytics: a server learns of another's withdrawal a second late, the insert does not.
public final class PostgresEventStore: EventStore {
    private let client: PostgresClient
    private let logger: Logger
    private let batcher: EventBatcher
    /// The analytics category's id in the registry, which `consent_grants` checks.
    let category: String
    /// 12 columns × 1,000 rows stays well under PostgreSQL's 65,535 parameters per statement.
    static let rowsPerStatement = 1000

    /// Events beside the log `store` opened (and migrated).
    public convenience init(beside store: PostgresConsentStore, category: String) {
        self.init(client: store.client, category: category, logger: Logger(label: "pigment.events.postgres"))
    }

    private init(client: PostgresClient, category: String, logger: Logger) {
        self.client = client
        self.category = category
        self.logger = logger
        batcher = EventBatcher { batch in try await Self.insert(batch, category: category, client: client, logger: logger) }
    }

    public func record(_ event: PageEvent) -> Bool { batcher.record(event) }
    public func flush() async throws { try await batcher.flush() }
    public func run(every interval: Duration) async { await batcher.run(every: interval) }

    private static func insert(_ batch: [PageEvent], category: String, client: PostgresClient, logger: Logger) async throws {
        try await storage {
            try await client.withTransaction(logger: logger) { connection in
                for start in stride(from: 0, to: batch.count, by: rowsPerStatement) {
                    try await connection.query(insertQuery(batch[start..<min(start + rowsPerStatement, batch.count)], category: category), logger: logger)
                }
            }
        }
    }

    static func insertQuery(_ events: ArraySlice<PageEvent>, category: String) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: events.count * PageEvent.columns.count + 1)
        bindings.append(category)
        var rows: [String] = []
        rows.reserveCapacity(events.count)
        for event in events {
            let first = bindings.count
            for value in event.rowValues { bindings.append(value) }
            rows.append("(" + (first + 1...bindings.count).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        let columns = PageEvent.columns.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: """
            INSERT INTO page_event (\(columns)) SELECT \(columns) FROM (VALUES \(rows.joined(separator: ", "))) AS event (\(columns))
            WHERE consent_grants(consent_id, $1)
            """, binds: bindings)
    }

    public func count(consentID: String) async throws -> Int {
        let stored = try await Self.storage { [client, logger] in
            try await client.query("SELECT count(*) FROM page_event WHERE consent_id = \(consentID)", logger: logger).collect().first?.decode(Int64.self) ?? 0
        }
        return batcher.waiting(consentID: consentID) + Int(stored)
    }

    public func delete(consentID: String) async throws -> Int {
        let waiting = batcher.drop(consentID: consentID)
        let deleted = try await Self.storage { [client, logger] in
            try await client.query("WITH gone AS (DELETE FROM page_event WHERE consent_id = \(consentID) RETURNING 1) SELECT count(*) FROM gone",
                                   logger: logger).collect().first?.decode(Int64.self) ?? 0
        }
        return waiting + Int(deleted)
    }

    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await flush()
        let deleted = try await Self.storage { [client, logger] in
            try await client.query("WITH gone AS (DELETE FROM page_event WHERE recorded_at < \(LogTimestamp.text(cutoff)) RETURNING 1) SELECT count(*) FROM gone",
                                   logger: logger).collect().first?.decode(Int64.self) ?? 0
        }
        return Int(deleted)
    }

    /// Each day is claimed by inserting its `event_rollup_day` row in the same transaction as its
    /// rollup: a server that races another waits for that row's commit and then skips the day.
    public func rollUp(before today: String) async throws -> Int {
        try await flush()
        return try await Self.storage { [client, logger] in
            let days = try await client.query("""
                SELECT DISTINCT day FROM page_event WHERE day < \(today) AND day NOT IN (SELECT day FROM event_rollup_day) ORDER BY day
                """, logger: logger).collect()
            var rolled = 0
            for row in days {
                let day = try row.decode(String.self)
                let claimed = try await client.withTransaction(logger: logger) { connection in
                    let claim = try await connection.query("""
                        INSERT INTO event_rollup_day (day, rolled_up_at) VALUES (\(day), \(LogTimestamp.text(Date()))) ON CONFLICT DO NOTHING RETURNING day
                        """, logger: logger).collect()
                    guard !claim.isEmpty else { return false }
                    var binds = PostgresBindings()
                    binds.append(day)
                    try await connection.query(PostgresQuery(unsafeSQL: EventRollupSQL.rollUp(day: "$1"), binds: binds), logger: logger)
                    return true
                }
                if claimed { rolled += 1 }
            }
            return rolled
        }
    }

    public func report(from: String, to: String, limit: Int) async throws -> AnalyticsReport {
        try await flush()
        return try await Self.storage { [client, logger] in
            var binds = PostgresBindings()
            binds.append(from)
            binds.append(to)
            var known: [AnalyticsReport.Day] = []
            for row in try await client.query(PostgresQuery(unsafeSQL: EventRollupSQL.days(from: "$1", to: "$2"), binds: binds), logger: logger).collect() {
                let (day, pageviews, visitors) = try row.decode((String, Int64, Int64).self)
                known.append(AnalyticsReport.Day(day: day, visitors: Int(visitors), pageviews: Int(pageviews)))
            }
            binds.append(Int64(limit))
            var tables: [AnalyticsReport.Dimension: [AnalyticsReport.Line]] = [:]
            for row in try await client.query(PostgresQuery(unsafeSQL: EventRollupSQL.tables(from: "$1", to: "$2", limit: "$3"), binds: binds),
                                              logger: logger).collect() {
                let (name, value, count, visitors) = try row.decode((String, String, Int64, Int64).self)
                guard let dimension = AnalyticsReport.Dimension(rawValue: name) else { continue }
                tables[dimension, default: []].append(AnalyticsReport.Line(value: value, count: Int(count), visitors: Int(visitors)))
            }
            return AnalyticsReport(days: AnalyticsReport.everyDay(from: from, to: to, known: known), tables: tables)
        }
    }

    public func all() async throws -> [PageEvent] {
        try await flush()
        return try await Self.storage { [client, logger] in
            var events: [PageEvent] = []
            for row in try await client.query(PostgresQuery(unsafeSQL: "SELECT \(PageEvent.columns.joined(separator: ", ")) FROM page_event ORDER BY id"),
                                              logger: logger).collect() {
                var values: [String?] = []
                for cell in row { values.append(try cell.decode(String?.self)) }
                events.append(PageEvent(rowValues: values))
            }
            return events
        }
    }

    /// Storage trouble as `StorageFailure` (503), also when the database does not answer in 10 s.
    private static func storage<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await PostgresErrors.within(PostgresConsentStore.answerTimeout, work)
        } catch {
            throw PostgresErrors.unwrapped(error)
        }
    }
}
