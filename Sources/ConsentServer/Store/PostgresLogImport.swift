import Foundation
import Logging
import PostgresNIO

/// Copies a consent log into an empty PostgreSQL log entry for entry, with its chain: every entry
/// keeps its position and hash, and the first follows what it followed before (a purge checkpoint's
/// hash, or the genesis), so auditors' snapshots (`POSITION:HASH`) still hold after the move.
///
/// The source is verified first and the copy is one transaction: a log that does not verify is not
/// copied, and a copy that fails leaves the target as it was. The database's trigger recomputes each
/// hash as the entry arrives and refuses one that differs.
public enum PostgresLogImport {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Summary: Sendable {
        public var entries: Int
        public var head: LogHead
    }

    /// Entries copied per INSERT statement (each sends 13 parameters; PostgreSQL binds at most 65,535).
    static let pageSize = 1000

    public static func copy(from source: some LogSource, to url: PostgresURL, logger: Logger = Logger(label: "pigment.consent.migrate")) async throws -> Summary {
        let report = try await LogVerifier.verify(source)
        if let problem = report.problem { throw Refusal(description: "the source log does not verify, so it is not copied: \(problem)") }
        guard let first = try await source.entries(after: 0, limit: 1).first else {
            throw Refusal(description: "the source log is empty: nothing to copy")
        }
        guard let firstFollows = first.previousHash.text else { throw Refusal(description: "the source's first entry has no previous hash") }

        // The owner's rights, on one connection: the schema is brought up to date, then the head is
        // set before the first entry, which only the owner may do.
        do {
            try await PostgresConsentStore.withOwnConnection(url, logger: logger) { connection in
                _ = try await PostgresConsentStore.migrate(connection, logger: logger)
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.chainLock))", logger: logger)
                    let head = try await connection.query("SELECT position, entries FROM consent_log_head", logger: logger).collect()
                    guard let (position, entries) = try head.first?.decode((Int64, Int64).self), position == 0, entries == 0 else {
                        throw Refusal(description: "\(url.redacted) already holds a consent log; the copy goes only into an empty one")
                    }
                    try await connection.query("""
                        UPDATE consent_log_head SET position = \(first.position - 1), hash = \(firstFollows), entries = 0
                        """, logger: logger)
                    var after: Int64 = 0
                    while true {
                        let page = try await source.entries(after: after, limit: pageSize)
                        guard let last = page.last else { break }
                        let placed = try await connection.query(LogRow.postgresInsert(page.map(\.values), hashes: page.map(\.hash)), logger: logger)
                            .collect().map { try $0.decode((Int64, String, String).self) }.sorted { $0.0 < $1.0 }
                        for (entry, (position, _, hash)) in zip(page, placed) where entry.position != position || entry.hash.text != hash {
                            throw Refusal(description: "entry \(entry.position) arrived as \(position) with hash \(hash): the source has a gap; nothing was written")
                        }
                        after = last.position
                    }
                }
            }
        } catch {
            switch PostgresErrors.unwrapped(error) {
            case let refusal as Refusal: throw refusal
            case let problem as PostgresProblem:
                throw Refusal(description: "the copy was refused and nothing was written: \(problem)")
            case let other: throw other
            }
        }

        let arrived = try await LogVerifier.verify(PostgresLogReader(url))
        if let problem = arrived.problem { throw Refusal(description: "the copy does not verify: \(problem)") }
        guard arrived.head == report.head else {
            throw Refusal(description: "the copy ends at position \(arrived.head.position) (\(arrived.head.hash)), the source at \(report.head.position) (\(report.head.hash))")
        }
        return Summary(entries: arrived.entries, head: arrived.head)
    }
}
