import Foundation
import GRDB
import PigmentModel

/// Analytics events in a SQLite file of their own, apart from the consent log: they are counts, not
/// proof, so they are written in batches (`EventBatcher`: a commit every 250 ms, or at once when
/// 1,000 wait) with `synchronous = NORMAL`. What a failure can lose: on a crash of the server, the events of the last
/// 250 ms it had not committed; on a power failure, also the commits since the WAL was last synced
/// (SQLite syncs it at each checkpoint, every 1,000 pages by default).
public final class SQLiteEventStore: EventStore {
    private let pool: DatabasePool
    private let batcher: EventBatcher

    /// Opens (or creates) the file and brings its schema up to date.
    public convenience init(path: String) throws {
        // The throwing work before any stored property is set: Swift 6.3.1's release build crashed
        // (CopyPropagation) on a throwing init that had already made its Mutexes.
        self.init(pool: try Self.open(path))
    }

    private init(pool: DatabasePool) {
        self.pool = pool
        batcher = EventBatcher { batch in try await Self.insert(batch, into: pool) }
    }

    private static func open(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: page events") { db in
            try db.execute(sql: """
                CREATE TABLE page_event (
                    id INTEGER PRIMARY KEY,
                    visitor TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    day TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT,
                    path TEXT NOT NULL,
                    referrer_host TEXT,
                    device TEXT,
                    language TEXT,
                    browser TEXT NOT NULL,
                    system TEXT NOT NULL
                );
                CREATE INDEX page_event_day ON page_event (day);
                CREATE INDEX page_event_visitor ON page_event (visitor);
                """)
        }
        migrator.registerMigration("v2: consent id for erasure") { db in
            // The choice cookie's consent id, so "Delete my analytics data" finds a visitor's events
            // even after withdrawing removed the analytics cookie.
            try db.execute(sql: """
                ALTER TABLE page_event ADD COLUMN consent_id TEXT;
                CREATE INDEX page_event_consent ON page_event (consent_id);
                """)
        }
        migrator.registerMigration("v3: daily rollups") { db in
            try db.execute(sql: EventRollupSQL.rollupSchema)
        }
        migrator.registerMigration("v4: no index on the visitor id") { db in
            // No query looks events up by visitor (erasure goes by consent id), and keeping a random
            // id's index costs each insert a B-tree write in a random place.
            try db.execute(sql: "DROP INDEX page_event_visitor")
        }
        return migrator
    }

    public func record(_ event: PageEvent) -> Bool { batcher.record(event) }
    public func flush() async throws { try await batcher.flush() }
    public func run(every interval: Duration) async { await batcher.run(every: interval) }

    private static func insert(_ batch: [PageEvent], into pool: DatabasePool) async throws {
        try await pool.write { db in try SQLiteEventInsert.insert(batch, into: db) }
    }

    /// How many events are stored under a consent id (waiting ones included).
    public func count(consentID: String) async throws -> Int {
        batcher.waiting(consentID: consentID) + (try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM page_event WHERE consent_id = ?", arguments: [consentID]) ?? 0
        })
    }

    /// Deletes every event under a consent id, waiting ones included; returns how many went.
    public func delete(consentID: String) async throws -> Int {
        batcher.drop(consentID: consentID) + (try await pool.write { db in
            try db.execute(sql: "DELETE FROM page_event WHERE consent_id = ?", arguments: [consentID])
            return db.changesCount
        })
    }

    /// Deletes the events recorded before the cutoff (retention); returns how many went.
    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await flush()
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM page_event WHERE recorded_at < ?", arguments: [LogTimestamp.text(cutoff)])
            return db.changesCount
        }
    }

    public func rollUp(before today: String) async throws -> Int {
        try await flush()
        return try await pool.write { db in
            let days = try String.fetchAll(db, sql: """
                SELECT DISTINCT day FROM page_event WHERE day < ? AND day NOT IN (SELECT day FROM event_rollup_day) ORDER BY day
                """, arguments: [today])
            let now = LogTimestamp.text(Date())
            for day in days {
                try db.execute(sql: EventRollupSQL.rollUp(day: "?"), arguments: StatementArguments(Array(repeating: day, count: 7)))
                try db.execute(sql: "INSERT INTO event_rollup_day (day, rolled_up_at) VALUES (?, ?)", arguments: [day, now])
            }
            return days.count
        }
    }

    public func report(from: String, to: String, limit: Int) async throws -> AnalyticsReport {
        try await flush()
        return try await pool.read { db in
            let arguments: StatementArguments = ["from": from, "to": to, "limit": limit]
            let days = try Row.fetchAll(db, sql: EventRollupSQL.days(from: ":from", to: ":to"), arguments: arguments).map { row in
                AnalyticsReport.Day(day: row[0], visitors: row[2], pageviews: row[1])
            }
            var tables: [AnalyticsReport.Dimension: [AnalyticsReport.Line]] = [:]
            for row in try Row.fetchAll(db, sql: EventRollupSQL.tables(from: ":from", to: ":to", limit: ":limit"), arguments: arguments) {
                guard let dimension = AnalyticsReport.Dimension(rawValue: row[0]) else { continue }
                tables[dimension, default: []].append(AnalyticsReport.Line(value: row[1], count: row[2], visitors: row[3]))
            }
            return AnalyticsReport(days: AnalyticsReport.everyDay(from: from, to: to, known: days), tables: tables)
        }
    }

    /// Every stored event, oldest first (for tests and exports).
    public func all() async throws -> [PageEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(PageEvent.columns.joined(separator: ", ")) FROM page_event ORDER BY id").map { row in
                PageEvent(rowValues: (0..<PageEvent.columns.count).map { row[$0] })
            }
        }
    }
}
