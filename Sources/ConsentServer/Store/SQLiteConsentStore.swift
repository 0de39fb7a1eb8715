import Foundation
import GRDB
import PigmentModel
import Synchronization

/// The consent log in a SQLite file: WAL mode so readers never block the writer, and
/// `synchronous=FULL` so a record that was answered 201 survives a power cut. Each entry is chained
/// to the one before it by hash (`ChainHash`); the database refuses updates, deletes outside the
/// retention purge, and inserts without a place in the chain.
public final class SQLiteConsentStore: BlockingAppendStore {
    let connection: SQLiteConnection
    /// The head as this process last saw it, for its entry count: counting the rows for each public
    /// `log-head` request would cost a scan. The newest entry itself is read in each transaction, so
    /// another writer on the file (`pigment consent purge` from cron) never leaves the chain on a stale head.
    private let head = Mutex<LogHead?>(nil)

    /// Opens (or creates, mode 0600) the log and brings its schema up to date. With `waitForWritable`,
    /// a file that can only be opened read-only is answered 503 until it is fixed, instead of stopping the start.
    public init(path: String, waitForWritable: Bool = false) throws {
        connection = try SQLiteConnection(path: path, waitForWritable: waitForWritable)
    }

    /// A warning when an existing database file can be read by other users of the machine.
    public static func permissionWarning(path: String) -> String? {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
              mode & 0o077 != 0 else { return nil }
        return "warning: \(path) can be read by other users (mode \(String(mode, radix: 8))); run chmod 600 on it and its -wal and -shm files"
    }

    public func append(_ records: [ConsentRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write { db, head in try Self.appendAll(records, to: db, head: &head) }
    }

    /// The same on the caller's thread, for the group commit's own writer thread (`BlockingAppendStore`).
    public func appendBlocking(_ records: [ConsentRecord]) throws {
        guard !records.isEmpty else { return }
        do {
            try connection.pool().write { db in try self.transaction(db) { db, head in try Self.appendAll(records, to: db, head: &head) } }
        } catch {
            throw forgettingHead(error)
        }
    }

    private static func appendAll(_ records: [ConsentRecord], to db: Database, head: inout LogHead) throws {
        for record in records {
            try appendEntry(LogRow.values(of: record), to: db, head: &head)
        }
    }

    /// Chains the values after the current head and inserts them.
    private static func appendEntry(_ values: [StoredValue], to db: Database, head: inout LogHead) throws {
        guard values.allSatisfy(\.survivesSQLite) else { throw StoreRefusal(reason: "a text value holds a NUL character") }
        let hash = ChainHash.hash(previous: head.hash, values: values)
        // Compiled once per connection, then only rebound: parsing the SQL cost as much as running it.
        try SQLiteBinding.insert(values + [.text(head.hash), .text(hash)], sql: LogRow.insertSQL, into: db)
        head = LogHead(entries: head.entries + 1, position: db.lastInsertedRowID, hash: hash)
    }

    /// Runs a write with the head it starts from; the head is kept only if the transaction commits.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database, inout LogHead) throws -> T) async throws -> T {
        do {
            return try await connection.pool().write { db in try self.transaction(db, body) }
        } catch {
            throw forgettingHead(error)
        }
    }

    /// The body of a write transaction, from the head the file holds now.
    private func transaction<T>(_ db: Database, _ body: (Database, inout LogHead) throws -> T) throws -> T {
        var head = try Self.readHead(db, cached: self.head.withLock { $0 })
        let result = try body(db, &head)
        // Set before the commit, which may still fail: `forgettingHead` forgets it then.
        self.head.withLock { $0 = head }
        return result
    }

    /// After a failed write the head this process saw may not be the file's: it is read again next time.
    private func forgettingHead(_ error: any Error) -> any Error {
        head.withLock { $0 = nil }
        return failure(error)
    }

    /// A read, with storage trouble reported as `StorageFailure`.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await connection.pool().read(body)
        } catch {
            throw failure(error)
        }
    }

    /// Storage trouble as a `StorageFailure`, which also tells the connection whether to reopen.
    private func failure(_ error: any Error) -> any Error {
        guard let failure = error as? StorageFailure ?? StorageFailure.fromSQLite(error) else { return error }
        connection.failed(failure)
        return failure
    }

    /// The newest entry, read from the file; the count is counted again only when the newest entry is
    /// not the one this process last saw.
    static func readHead(_ db: Database, cached: LogHead?) throws -> LogHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM consent_record ORDER BY id DESC LIMIT 1") else { return .empty }
        // An entry without a hash was put there from outside; the chain goes on from the genesis and
        // `pigment consent verify` names that entry.
        let position: Int64 = row["id"], hash = (row["hash"] as String?) ?? ChainHash.genesis
        if let cached, cached.position == position, cached.hash == hash { return cached }
        return LogHead(entries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent_record") ?? 0, position: position, hash: hash)
    }

    public func logHead() async throws -> LogHead {
        let cached = head.withLock { $0 }
        let current = try await read { db in try Self.readHead(db, cached: cached) }
        head.withLock { $0 = current }
        return current
    }

    public func history(of consentID: String) async throws -> [ConsentRecord] {
        try await read { db in
            try ConsentRecord.fetchAll(db, sql: "SELECT * FROM consent_record WHERE consent_id = ? AND checkpoint IS NULL ORDER BY id",
                                       arguments: [consentID])
        }
    }

    public func records(from: Date?, to: Date?, after position: Int64, limit: Int) async throws -> [LoggedRecord] {
        // A time that is not the server's own text cannot be placed in a range: such entries are always
        // included, so the export shows them as unreadable instead of leaving them out unseen.
        try await read { db in
            try LogRow.fetchAll(db, sql: """
                SELECT * FROM consent_record WHERE id > ? AND checkpoint IS NULL
                AND (typeof(recorded_at) != 'text' OR length(recorded_at) != 24 OR (recorded_at >= ? AND recorded_at < ?))
                ORDER BY id LIMIT ?
                """, arguments: [position, LogTimestamp.text(from ?? .distantPast), LogTimestamp.text(to ?? .distantFuture), limit])
                .map { entry in
                    LoggedRecord(position: entry.position, hash: entry.hash.text,
                                 record: Result(catching: { () throws(UnreadableRecord) in try entry.record() }))
                }
        }
    }

    /// Deletes the front of the log, up to the first entry recorded at or after the cutoff, and appends
    /// a checkpoint that says so: the chain still verifies, and the purge is on the record.
    public func purge(olderThan cutoff: Date, now: Date) async throws -> Int {
        try await write { db, head in
            let firstKept = try Int64.fetchOne(db, sql: "SELECT id FROM consent_record WHERE recorded_at >= ? ORDER BY id LIMIT 1",
                                               arguments: [LogTimestamp.text(cutoff)]) ?? Int64.max
            guard let last = try Row.fetchOne(db, sql: "SELECT hash FROM consent_record WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [firstKept])
            else { return 0 }
            let entries = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent_record WHERE id < ?", arguments: [firstKept]) ?? 0
            let records = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent_record WHERE id < ? AND checkpoint IS NULL", arguments: [firstKept]) ?? 0
            try db.execute(sql: "UPDATE consent_purge_gate SET open = 1")
            try db.execute(sql: "DELETE FROM consent_record WHERE id < ?", arguments: [firstKept])
            try db.execute(sql: "UPDATE consent_purge_gate SET open = 0")
            head.entries -= entries
            let checkpoint = Checkpoint(purgedCount: entries, purgedBefore: cutoff, purgedThrough: (last["hash"] as String?) ?? ChainHash.genesis)
            try Self.appendEntry(LogRow.values(of: checkpoint, recordedAt: now), to: db, head: &head)
            return records
        }
    }

    public func count() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent_record WHERE checkpoint IS NULL") ?? 0 }
    }

    /// A write that changes nothing the log holds, to learn whether writes work now (locked, full or
    /// read-only storage fail it as they fail an append).
    public func checkWritable() async throws {
        try await write { db, _ in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS consent_store_probe (checked_at TEXT NOT NULL)")
            try db.execute(sql: "DELETE FROM consent_store_probe")
            try db.execute(sql: "INSERT INTO consent_store_probe VALUES (?)", arguments: [LogTimestamp.text(Date())])
        }
    }
}

/// A record the store will not write as it is (it could not be read back the same).
public struct StoreRefusal: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the consent log refused an entry: \(reason)" }
}
