import Foundation
import GRDB
import PigmentModel
import Synchronization
import Testing
@testable import ConsentServer

/// Records for the store tests, and SQLite's own checks.
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

/// What every `ConsentStore` must do, run unchanged against each store: a real SQLite file and a
/// real PostgreSQL database.
@Suite("Consent store conformance")
struct ConsentStoreConformanceTests {
    static let record = SQLiteConsentStoreTests.record

    @Test(arguments: StoreKind.underTest)
    func appendedRecordsComeBackExactlyAsTheyWent(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            let id = ConsentID.generate()
            let first = Self.record(id, Date(timeIntervalSince1970: 1_780_000_000), .first, true)
            var withdraw = Self.record(id, first.recordedAt.addingTimeInterval(60.123), .withdraw, false)
            withdraw.policyVersion = nil
            withdraw.pagePath = nil
            withdraw.gpc = true
            // A column added later (hashed only when set) travels like the others.
            withdraw.clientRevision = "7"
            try await log.store.append(first)
            try await log.store.append(Self.record(ConsentID.generate(), first.recordedAt, .first, false))
            try await log.store.append(withdraw)
            #expect(try await log.store.history(of: id) == [first, withdraw])
            #expect(try await log.store.history(of: ConsentID.generate()) == [])
            #expect(try await log.store.count() == 3)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func recordsSurviveARestart(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            let records = (0..<50).map { Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000 + Double($0)), .first, $0 % 2 == 0) }
            try await log.store.append(records)
            let reopened = try await log.reopen()
            #expect(try await reopened.records(from: nil, to: nil) == records)
            #expect(try await reopened.logHead() == log.store.logHead())
        }
    }

    @Test(arguments: StoreKind.underTest)
    func rangeQueriesPagesAndPurge(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            let day = 86_400.0
            let base = Date(timeIntervalSince1970: 1_780_000_000)
            let records = (0..<10).map { Self.record(ConsentID.generate(), base.addingTimeInterval(Double($0) * day), .first, false) }
            try await log.store.append(records)
            #expect(try await log.store.records(from: base.addingTimeInterval(2 * day), to: base.addingTimeInterval(5 * day)) == Array(records[2..<5]))
            let page = try await log.store.records(from: nil, to: nil, after: 0, limit: 4)
            #expect(page.map(\.position) == [1, 2, 3, 4])
            #expect(try await log.store.records(from: nil, to: nil, after: 4, limit: 2).map { try $0.record.get() } == Array(records[4..<6]))
            #expect(try await log.store.purge(olderThan: base.addingTimeInterval(4 * day), now: base.addingTimeInterval(30 * day)) == 4)
            #expect(try await log.store.records(from: nil, to: nil) == Array(records[4...]))
            #expect(try await log.store.count() == 6)
            #expect(try await log.store.purge(olderThan: base, now: base.addingTimeInterval(31 * day)) == 0, "nothing older: nothing purged")
        }
    }

    @Test(arguments: StoreKind.underTest)
    func theChainVerifiesAfterAppendsAndPurges(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            let base = Date(timeIntervalSince1970: 1_780_000_000)
            for index in 0..<6 { try await log.store.append(Self.record(ConsentID.generate(), base.addingTimeInterval(Double(index) * 60), .first, false)) }
            #expect(try await log.store.purge(olderThan: base.addingTimeInterval(150), now: base.addingTimeInterval(1000)) == 3)
            try await log.store.append(Self.record(ConsentID.generate(), base.addingTimeInterval(2000), .first, true))
            let report = try await LogVerifier.verify(try await log.reader())
            #expect(report.problem == nil)
            #expect(report.missingProtections.isEmpty)
            #expect(report.records == 4 && report.checkpoints.map(\.purgedCount) == [3])
            #expect(try await log.store.logHead() == report.head)
            #expect(report.head.position == 8, "six records, a checkpoint, a record: positions never reused")
        }
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentAppendsThroughGroupCommitAllLand(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            let store = GroupCommitStore(log.store)
            let records = (0..<200).map { _ in Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, true) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for record in records { group.addTask { try await store.append(record) } }
                try await group.waitForAll()
            }
            #expect(try await store.count() == 200)
            #expect(Set(try await store.records(from: nil, to: nil)) == Set(records))
            #expect(try await LogVerifier.verify(try await log.reader()).problem == nil)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func theLogIsWritableAndSaysSo(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            try await log.store.checkWritable()
            #expect(try await log.store.logHead() == .empty)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func textTheStoreCannotKeepIsRefusedNotCut(_ kind: StoreKind) async throws {
        try await TestLog.withFresh(kind) { log in
            var record = Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, false)
            record.pagePath = "/a\u{0}b/"
            let refused = record
            await #expect(throws: StoreRefusal.self) { try await log.store.append(refused) }
            let count = try await log.store.count()
            #expect(count == 0)
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
