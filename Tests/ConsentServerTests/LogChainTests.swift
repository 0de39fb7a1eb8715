import Foundation
import GRDB
import Testing
@testable import ConsentServer

/// The consent log as evidence: every entry chained to the one before it by hash, and
/// `LogVerifier` naming the first entry that was edited, removed, inserted or reordered by someone
/// with the file and the sqlite3 shell, who drops the database's guards first.
@Suite("Consent log: hash chain")
struct LogChainTests {
    /// A log of `count` records in a temporary file; the closure gets the store and the path.
    static func withLog(_ count: Int = 6, _ body: (SQLiteConsentStore, String) async throws -> Void) async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteConsentStore(path: path)
        for index in 0..<count {
            try await store.append(SQLiteConsentStoreTests.record(at: Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 60)))
        }
        try await body(store, path)
    }

    /// What an attacker with the file does: drop the guards, then run SQL.
    static func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER consent_record_no_update; DROP TRIGGER consent_record_no_delete; DROP TRIGGER consent_record_chained;")
            try db.execute(sql: sql)
        }
    }

    static func verify(_ path: String, snapshots: [LogVerifier.Snapshot] = []) async throws -> LogVerifier.Report {
        try await LogVerifier.verify(try SQLiteLogReader(path: path), snapshots: snapshots)
    }

    @Test func anUntouchedLogVerifiesAndItsHeadIsTheLastHash() async throws {
        try await Self.withLog { store, path in
            let report = try await Self.verify(path)
            #expect(report.problem == nil)
            #expect(report.entries == 6 && report.records == 6)
            #expect(report.missingProtections.isEmpty)
            #expect(try await store.logHead() == report.head)
            #expect(report.head.position == 6 && ChainHash.isWellFormed(report.head.hash))
        }
    }

    @Test func eachHashCoversThePreviousHashAndEveryStoredValue() throws {
        let values = LogRow.values(of: SQLiteConsentStoreTests.record())
        let hash = ChainHash.hash(previous: ChainHash.genesis, values: values)
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: values) == hash, "deterministic")
        #expect(ChainHash.hash(previous: String(repeating: "1", count: 64), values: values) != hash)
        for index in values.indices {
            var changed = values
            changed[index] = changed[index] == .null ? .text("") : .null
            #expect(ChainHash.hash(previous: ChainHash.genesis, values: changed) != hash, "column \(LogRow.hashedColumns[index])")
        }
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: [.integer(1)]) != ChainHash.hash(previous: ChainHash.genesis, values: [.text("1")]),
                "the type is hashed too")
        // The bytes an auditor recomputes: a documented, length-prefixed encoding.
        #expect(String(decoding: ChainHash.canonicalBytes(previous: "ab", values: [.text("é;"), .null, .integer(-3)]), as: UTF8.self)
                == "pigment-consent-log/1\nab\nt3:é;;n;i-3;")
    }

    @Test func anEditedRecordIsNamed() async throws {
        try await Self.withLog { _, path in
            try Self.tamper(path, #"UPDATE consent_record SET choices = '{"analytics":true,"essential":true}' WHERE id = 3"#)
            #expect(try await Self.verify(path).problem == .edited(.init(id: 3, ordinal: 3)))
        }
    }

    @Test func aRemovedRecordIsNamedByTheOneAfterIt() async throws {
        try await Self.withLog { _, path in
            try Self.tamper(path, "DELETE FROM consent_record WHERE id = 3")
            guard case .removedBefore(let place, _)? = try await Self.verify(path).problem else { Issue.record("not found"); return }
            #expect(place == .init(id: 4, ordinal: 3))
        }
    }

    @Test func removingTheFirstRecordsIsFoundWithoutACheckpoint() async throws {
        try await Self.withLog { _, path in
            try Self.tamper(path, "DELETE FROM consent_record WHERE id <= 2")
            guard case .cutAtStart(let place, _)? = try await Self.verify(path).problem else { Issue.record("not found"); return }
            #expect(place == .init(id: 3, ordinal: 1))
        }
    }

    @Test func anInsertedRecordIsNamed() async throws {
        try await Self.withLog { _, path in
            // A row made up by hand between entries 3 and 4 (ids moved up to make room).
            try Self.tamper(path, """
                UPDATE consent_record SET id = id + 100 WHERE id >= 4;
                INSERT INTO consent_record (id, consent_id, recorded_at, event, choices, registry_version, method, source, gpc, prev_hash, hash)
                SELECT 4, consent_id, recorded_at, 'change', choices, registry_version, method, source, gpc, hash, hash FROM consent_record WHERE id = 3;
                """)
            #expect(try await Self.verify(path).problem == .inserted(.init(id: 4, ordinal: 4)))
        }
    }

    @Test func aCopiedRecordIsNamedWithTheOneItCopies() async throws {
        try await Self.withLog { _, path in
            // A valid entry copied to the end: its hash is right, but entry 3 already follows what it follows.
            try Self.tamper(path, """
                INSERT INTO consent_record (id, consent_id, recorded_at, event, choices, registry_version, policy_version, method, source, gpc, page_path, prev_hash, hash)
                SELECT 50, consent_id, recorded_at, event, choices, registry_version, policy_version, method, source, gpc, page_path, prev_hash, hash
                FROM consent_record WHERE id = 3;
                """)
            #expect(try await Self.verify(path).problem == .forked(.init(id: 50, ordinal: 7), parent: 2, sibling: 3))
        }
    }

    @Test func reorderedRecordsAreNamed() async throws {
        try await Self.withLog { _, path in
            try Self.tamper(path, "UPDATE consent_record SET id = 100 WHERE id = 2; UPDATE consent_record SET id = 2 WHERE id = 3; UPDATE consent_record SET id = 3 WHERE id = 100;")
            #expect(try await Self.verify(path).problem == .reordered(.init(id: 2, ordinal: 2), follows: 3))
        }
    }

    @Test func aRecomputedTailIsCaughtByAnAuditorsSnapshot() async throws {
        try await Self.withLog { store, path in
            let snapshot = try await store.logHead()
            try Self.tamper(path, "DELETE FROM consent_record WHERE id = \(snapshot.position)")
            #expect(try await Self.verify(path).problem == nil, "removing the newest entry leaves a valid chain")
            #expect(try await Self.verify(path, snapshots: [.init(position: snapshot.position, hash: snapshot.hash)]).problem
                    == .snapshotDiffers(.init(position: snapshot.position, hash: snapshot.hash), found: nil))
            #expect(try await Self.verify(path, snapshots: [.init(position: 2, hash: String(repeating: "e", count: 64))]).problem
                    != nil, "a snapshot whose entry now carries another hash fails")
        }
    }

    @Test func theDatabaseRefusesDeletesAndUnchainedInserts() async throws {
        try await Self.withLog(2) { store, path in
            let queue = try DatabaseQueue(path: path)
            #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM consent_record WHERE id = 1") } }
            #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE consent_record SET gpc = 1") } }
            #expect(throws: DatabaseError.self) {
                try queue.write { try $0.execute(sql: "INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, method, source, gpc) VALUES ('a','b','first','{}','v','custom','banner',0)") }
            }
            #expect(try await store.count() == 2)
        }
    }

    @Test func thePurgeLeavesACheckpointAndTheChainStillVerifies() async throws {
        try await Self.withLog { store, path in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            #expect(try await store.purge(olderThan: Date(timeIntervalSince1970: 1_780_000_000 + 150), now: now) == 3)
            let report = try await Self.verify(path)
            #expect(report.problem == nil)
            #expect(report.records == 3 && report.checkpoints.count == 1)
            #expect(report.checkpoints.first?.purgedCount == 3)
            #expect(try await store.count() == 3)
            #expect(try await store.logHead().entries == 4)
            // A second purge takes the first checkpoint with it and leaves its own.
            #expect(try await store.purge(olderThan: now.addingTimeInterval(1), now: now.addingTimeInterval(60)) == 3)
            let second = try await Self.verify(path)
            #expect(second.problem == nil && second.entries == 1 && second.checkpoints.first?.purgedCount == 4)
            // Whoever forges a purge must forge its checkpoint too.
            try Self.tamper(path, "DELETE FROM consent_record")
            #expect(try await Self.verify(path).problem == nil, "an empty log has nothing to contradict")
        }
    }

    /// The server and `pigment consent purge` (from cron) may write the same file: each appends after
    /// the newest entry in the file, not after the one it saw last.
    @Test func twoWritersOnOneFileKeepOneChain() async throws {
        try await Self.withLog(2) { server, path in
            let cron = try SQLiteConsentStore(path: path)
            for index in 0..<10 { try await (index % 2 == 0 ? server : cron).append(SQLiteConsentStoreTests.record()) }
            #expect(try await cron.purge(olderThan: Date(timeIntervalSince1970: 1_780_000_030), now: Date(timeIntervalSince1970: 1_790_000_000)) == 1)
            try await server.append(SQLiteConsentStoreTests.record())
            let report = try await Self.verify(path)
            #expect(report.problem == nil)
            #expect(try await server.logHead() == report.head)
            #expect(try await cron.logHead() == report.head)
            #expect(report.head.entries == 13, "12 records and one checkpoint")
        }
    }

    @Test func aLogFromBeforeTheChainIsHashedInPlaceWhenOpened() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        // The schema as the first version of the server left it, with rows it wrote and one it did not.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: consent log');
                CREATE TABLE consent_record (id INTEGER PRIMARY KEY AUTOINCREMENT, consent_id TEXT NOT NULL, recorded_at DATETIME NOT NULL,
                    event TEXT NOT NULL, choices TEXT NOT NULL, registry_version TEXT NOT NULL, policy_version TEXT, method TEXT NOT NULL,
                    source TEXT NOT NULL, gpc BOOLEAN NOT NULL, page_path TEXT);
                CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
                INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, policy_version, method, source, gpc, page_path)
                VALUES ('0123456789abcdef0123456789abcdef', '2026-05-04T10:00:00.000Z', 'first', '{"analytics":true,"essential":true}', 'r1', '2026-05-04', 'accept_all', 'banner', 0, '/'),
                       ('0123456789abcdef0123456789abcdef', '', 'change', '{}', 'r1', NULL, 'custom', 'banner', 'yes', NULL);
                """)
        }
        let store = try SQLiteConsentStore(path: path)
        let report = try await Self.verify(path)
        #expect(report.problem == nil && report.entries == 2)
        try await store.append(SQLiteConsentStoreTests.record())
        #expect(try await Self.verify(path).entries == 3)
    }
}
