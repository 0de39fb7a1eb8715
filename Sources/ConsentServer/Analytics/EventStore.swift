import Foundation
import GRDB
import PigmentModel
import Synchronization

/// Analytics events in a SQLite file of their own, apart from the consent log: they are counts, not
/// proof, so they are written in batches (a commit every 250 ms, or at once when 1,000 wait) with
/// `synchronous = NORMAL`. What a failure can lose: on a crash of the server, the events of the last
/// 250 ms it had not committed; on a power failure, also the commits since the WAL was last synced
/// (SQLite syncs it at each checkpoint, every 1,000 pages by default).
public final class EventStore: Sendable {
    private let pool: DatabasePool
    private let pending = Mutex<[PageEvent]>([])
    private let flushing = Mutex(false)
    /// Events waiting beyond this are refused (503): the disk stopped keeping up.
    static let maximumPending = 100_000
    static let batchSize = 1000

    /// Opens (or creates) the file and brings its schema up to date.
    public convenience init(path: String) throws {
        // The throwing work before any stored property is set: Swift 6.3.1's release build crashed
        // (CopyPropagation) on a throwing init that had already made its Mutexes.
        self.init(pool: try Self.open(path))
    }

    private init(pool: DatabasePool) { self.pool = pool }

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
        return migrator
    }

    /// Queues the event; it is committed with the next batch. False when too many wait already.
    public func record(_ event: PageEvent) -> Bool {
        let count = pending.withLock { pending -> Int in
            guard pending.count < Self.maximumPending else { return -1 }
            pending.append(event)
            return pending.count
        }
        if count >= Self.batchSize { Task { try? await self.flush() } }
        return count >= 0
    }

    /// Commits what waits, in one transaction; one flush at a time.
    public func flush() async throws {
        guard flushing.withLock({ busy in if busy { return false }; busy = true; return true }) else { return }
        defer { flushing.withLock { $0 = false } }
        while true {
            let batch = pending.withLock { pending -> [PageEvent] in
                let batch = Array(pending.prefix(Self.batchSize * 10))
                pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await pool.write { db in
                    let statement = try db.cachedStatement(sql: """
                        INSERT INTO page_event (visitor, consent_id, recorded_at, day, kind, name, path, referrer_host, device, language, browser, system)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    for event in batch {
                        let time = LogTimestamp.text(event.recordedAt)
                        try statement.execute(arguments: [event.visitor, event.consentID, time, String(time.prefix(10)), event.kind.rawValue, event.name, event.path,
                                                          event.referrerHost, event.device?.rawValue, event.language, event.browser, event.system])
                    }
                }
            } catch {
                // Put them back in front, so a passing failure (a lock) loses nothing.
                pending.withLock { $0.insert(contentsOf: batch, at: 0) }
                throw error
            }
        }
    }

    /// Commits every 250 ms until cancelled, then commits what still waits.
    public func run(every interval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            try? await flush()
        }
        // Outside the cancelled task (GRDB refuses to start a write in one), and until nothing waits:
        // a flush already running makes this one return at once.
        await Task.detached {
            for _ in 0..<100 where !self.pending.withLock(\.isEmpty) || self.flushing.withLock({ $0 }) {
                try? await self.flush()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }.value
    }

    /// How many events are stored under a consent id (waiting ones included).
    public func count(consentID: String) async throws -> Int {
        let waiting = pending.withLock { $0.filter { $0.consentID == consentID }.count }
        return waiting + (try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM page_event WHERE consent_id = ?", arguments: [consentID]) ?? 0
        })
    }

    /// Deletes every event under a consent id, waiting ones included; returns how many went.
    public func delete(consentID: String) async throws -> Int {
        let waiting = pending.withLock { pending -> Int in
            let before = pending.count
            pending.removeAll { $0.consentID == consentID }
            return before - pending.count
        }
        return waiting + (try await pool.write { db in
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

    /// Every stored event, oldest first (for tests and exports).
    public func all() async throws -> [PageEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM page_event ORDER BY id").map { row in
                PageEvent(visitor: row["visitor"], consentID: row["consent_id"], recordedAt: LogTimestamp.date(row["recorded_at"]) ?? .distantPast,
                          kind: PageEvent.Kind(rawValue: row["kind"]) ?? .pageview, name: row["name"], path: row["path"],
                          referrerHost: row["referrer_host"], device: (row["device"] as String?).flatMap(PageEvent.Device.init),
                          language: row["language"], browser: row["browser"], system: row["system"])
            }
        }
    }
}
