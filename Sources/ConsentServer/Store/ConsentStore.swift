import Foundation
import PigmentModel

/// Where consent records live: SQLite for one server, PostgreSQL for several sharing a database;
/// every store passes the same conformance tests.
public protocol ConsentStore: Sendable {
    /// Appends the records to the log's hash chain in one durable transaction; returns only once they are committed.
    func append(_ records: [ConsentRecord]) async throws

    /// Every record of one visitor, oldest first: their receipt. Throws `UnreadableRecord` for an entry
    /// that does not hold what the server writes.
    func history(of consentID: String) async throws -> [ConsentRecord]

    /// A page of records in a time range, oldest first, after a position: the auditor's export, read a
    /// page at a time so it streams. An unreadable entry is returned as such, so the rest still streams.
    func records(from: Date?, to: Date?, after position: Int64, limit: Int) async throws -> [LoggedRecord]

    /// Deletes the front of the log, everything older than the cutoff, and appends a purge checkpoint;
    /// returns how many records went.
    func purge(olderThan cutoff: Date, now: Date) async throws -> Int

    /// The daily purge: as `purge`, unless another server sharing the log already ran it this UTC
    /// day (nil then). A store only one server writes purges every time.
    func purgeOncePerDay(olderThan cutoff: Date, now: Date) async throws -> Int?

    /// How many records the log holds (checkpoints not counted).
    func count() async throws -> Int

    /// The newest entry's position and hash, and how many entries there are.
    func logHead() async throws -> LogHead

    /// Throws the failure an append would meet now, if any; for readiness checks.
    func checkWritable() async throws
}

/// A record of the export with its place in the log.
public struct LoggedRecord: Sendable {
    public var position: Int64
    public var hash: String?
    public var record: Result<ConsentRecord, UnreadableRecord>
}

extension ConsentStore {
    public func append(_ record: ConsentRecord) async throws { try await append([record]) }

    public func purgeOncePerDay(olderThan cutoff: Date, now: Date) async throws -> Int? { try await purge(olderThan: cutoff, now: now) }

    /// Every record in the range at once; throws at the first unreadable one.
    public func records(from: Date?, to: Date?) async throws -> [ConsentRecord] {
        var records: [ConsentRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await self.records(from: from, to: to, after: after, limit: 1000)
            guard let last = page.last else { return records }
            for entry in page { records.append(try entry.record.get()) }
            after = last.position
        }
    }
}

/// A store whose appends can run to the end on the caller's thread (SQLite, through GRDB's blocking
/// `write`). The group commit then writes it from a queue of its own, off the event loops (`GroupCommitStore`).
public protocol BlockingAppendStore: ConsentStore {
    /// `append`, blocking the calling thread until the records are committed.
    func appendBlocking(_ records: [ConsentRecord]) throws
}
