import Foundation
import GRDB
import PigmentModel
import Synchronization
import Testing
@testable import ConsentServer

/// What every `ConsentStore` must do, run against a real SQLite file.
/// (The PostgreSQL store will run the same checks.)
@Suite("Consent store: SQLite")
struct SQLiteConsentStoreTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("consents-\(UUID().uuidString).sqlite").path
    }

    static func record(_ id: String = ConsentID.generate(), at date: Date = Date(timeIntervalSince1970: 1_780_000_000),
                       event: ConsentRecord.Event = .first, analytics: Bool = false) -> ConsentRecord {
        ConsentRecord(consentID: id, recordedAt: date, event: event, choices: ["essential": true, "analytics": analytics],
                      registryVersion: "0123456789abcdef", policyVersion: "2026-05-04",
                      method: analytics ? .acceptAll : .rejectAll, source: .banner, gpc: false, pagePath: "/legal/privacy/")
    }

    @Test func appendedRecordsComeBackExactlyAsTheyWent() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let id = ConsentID.generate()
        let first = Self.record(id, event: .first, analytics: true)
        let withdraw = Self.record(id, at: first.recordedAt.addingTimeInterval(60.123), event: .withdraw, analytics: false)
        try await store.append(first)
        try await store.append(Self.record())
        try await store.append(withdraw)
        #expect(try await store.history(of: id) == [first, withdraw])
        #expect(try await store.count() == 3)
    }

    @Test func recordsSurviveARestart() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = (0..<50).map { Self.record(at: Date(timeIntervalSince1970: 1_780_000_000 + Double($0))) }
        do {
            let store = try SQLiteConsentStore(path: path)
            try await store.append(records)
        }
        let reopened = try SQLiteConsentStore(path: path)
        #expect(try await reopened.records(from: nil, to: nil) == records)
    }

    @Test func rangeQueriesAndPurge() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let day = 86_400.0
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        let records = (0..<10).map { Self.record(at: base.addingTimeInterval(Double($0) * day)) }
        try await store.append(records)
        #expect(try await store.records(from: base.addingTimeInterval(2 * day), to: base.addingTimeInterval(5 * day)) == Array(records[2..<5]))
        #expect(try await store.purge(olderThan: base.addingTimeInterval(4 * day), now: base.addingTimeInterval(30 * day)) == 4)
        #expect(try await store.records(from: nil, to: nil) == Array(records[4...]))
    }

    @Test func theFileIsInWALMode() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try SQLiteConsentStore(path: path)
        let queue = try DatabaseQueue(path: path)
        #expect(try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func theDatabaseRefusesToEditARecord() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        try await store.append(Self.record())
        let queue = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) {
            try await queue.write { try $0.execute(sql: "UPDATE consent_record SET choices = '{}'") }
        }
    }
}

@Suite("Group commit")
struct GroupCommitStoreTests {
    /// Counts the transactions the wrapped store is asked for.
    final class CountingStore: ConsentStore {
        let base: SQLiteConsentStore
        let transactions = Mutex(0)
        init(_ base: SQLiteConsentStore) { self.base = base }
        func append(_ records: [ConsentRecord]) async throws {
            transactions.withLock { $0 += 1 }
            try await base.append(records)
        }
        func history(of consentID: String) async throws -> [ConsentRecord] { try await base.history(of: consentID) }
        func records(from: Date?, to: Date?, after position: Int64, limit: Int) async throws -> [LoggedRecord] {
            try await base.records(from: from, to: to, after: position, limit: limit)
        }
        func purge(olderThan cutoff: Date, now: Date) async throws -> Int { try await base.purge(olderThan: cutoff, now: now) }
        func count() async throws -> Int { try await base.count() }
        func logHead() async throws -> LogHead { try await base.logHead() }
        func checkWritable() async throws { try await base.checkWritable() }
    }

    @Test func concurrentAppendsAllLandInFewerTransactions() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let counting = CountingStore(try SQLiteConsentStore(path: path))
        let store = GroupCommitStore(counting)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { try await store.append(SQLiteConsentStoreTests.record()) } }
            try await group.waitForAll()
        }
        #expect(try await store.count() == 200)
        #expect(counting.transactions.withLock { $0 } < 200, "appends that arrive together share a transaction")
    }
}

@Suite("Consent store: SQLite durability")
struct SQLiteDurabilityTests {
    /// A 201 promises the record survives a power cut: the connection that commits must fsync each
    /// commit (`synchronous = FULL`, 2), not only at checkpoints (NORMAL, 1, which GRDB picks for WAL).
    @Test func theWriterCommitsWithSynchronousFull() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let mode = try await store.connection.pool().write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 2)
        #expect(try await store.connection.pool().read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }
}
