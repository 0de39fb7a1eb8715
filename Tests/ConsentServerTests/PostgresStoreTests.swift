import Foundation
import Logging
import PigmentModel
import PostgresNIO
import Testing
@testable import ConsentServer

/// What PostgreSQL adds to the conformance suite: the database's own guards, several servers on
/// one log, the daily purge run once between them, TLS, and the copy of a SQLite log.
@Suite("Consent store: PostgreSQL", .enabled(if: StoreKind.underTest.contains(.postgres)))
struct PostgresStoreTests {
    static let record = SQLiteConsentStoreTests.record

    /// Runs SQL on the test database as a given user (the database's owner by default).
    static func run(_ sql: String, on url: PostgresURL, role: String? = nil) async throws -> [PostgresRow] {
        let client = PostgresClient(configuration: try PostgresConsentStore.configuration(url, role: role),
                                    backgroundLogger: PostgresConsentStore.quiet(Logger(label: "test.postgres")))
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await client.query(PostgresQuery(unsafeSQL: sql)).collect()
    }

    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    @Test func theServerActsAsARoleThatCanOnlyReadAndInsert() async throws {
        try await TestLog.withFresh(.postgres) { log in
            let url = try #require(log.postgresURL)
            let store = try #require(log.store as? PostgresConsentStore)
            #expect(store.actsAsWriterRole)
            try await store.append(Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, true))
            let user = try await store.client.query("SELECT current_user").collect().first?.decode(String.self)
            #expect(user == PostgresSchema.writerRole)
            for sql in ["UPDATE consent_record SET event = 'change'", "DELETE FROM consent_record", "TRUNCATE consent_record",
                        "UPDATE consent_log_head SET entries = 0", "DROP TRIGGER consent_record_no_update ON consent_record"] {
                do {
                    _ = try await Self.run(sql, on: url, role: PostgresSchema.writerRole)
                    Issue.record("the writer role ran: \(sql)")
                } catch {
                    #expect(Self.sqlState(error) == "42501", "\(sql): permission denied, got \(String(reflecting: error))")
                }
            }
            #expect(try await store.count() == 1)
        }
    }

    @Test func evenTheOwnerCannotEditDeleteOrForgeAnEntry() async throws {
        try await TestLog.withFresh(.postgres) { log in
            let url = try #require(log.postgresURL)
            try await log.store.append(Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, true))
            for sql in ["UPDATE consent_record SET choices = '{}'", "DELETE FROM consent_record", "TRUNCATE consent_record",
                        // A hash that is not what the values hash to.
                        """
                        INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, method, source, gpc, hash)
                        VALUES ('\(ConsentID.generate())', '2026-05-04T10:30:00.000Z', 'first', '{}', 'r', 'custom', 'banner', 0, '\(String(repeating: "a", count: 64))')
                        """] {
                do {
                    _ = try await Self.run(sql, on: url)
                    Issue.record("the owner ran: \(sql)")
                } catch {
                    #expect(Self.sqlState(error) == "P0001", "\(sql): refused by a trigger, got \(String(reflecting: error))")
                }
            }
            // An entry that names its own place is put in its true place anyway: the chain stays whole.
            _ = try await Self.run("""
                INSERT INTO consent_record (id, consent_id, recorded_at, event, choices, registry_version, method, source, gpc, prev_hash, hash)
                VALUES (999, '\(ConsentID.generate())', '2026-05-04T10:30:00.000Z', 'first', '{"essential":true}', 'r', 'custom', 'banner', 0, '\(String(repeating: "b", count: 64))', NULL)
                """, on: url)
            let report = try await LogVerifier.verify(try await log.reader())
            #expect(report.problem == nil && report.entries == 2 && report.head.position == 2)
            #expect(report.missingProtections.isEmpty)
            // With the chain's trigger switched off, a second entry after the same one is still refused: no forks.
            _ = try await Self.run("ALTER TABLE consent_record DISABLE TRIGGER consent_record_chain", on: url)
            do {
                _ = try await Self.run("""
                    INSERT INTO consent_record (id, consent_id, recorded_at, event, choices, registry_version, method, source, gpc, prev_hash, hash)
                    SELECT 3, consent_id, recorded_at, event, choices, registry_version, method, source, gpc, prev_hash, '\(String(repeating: "c", count: 64))'
                    FROM consent_record WHERE id = 2
                    """, on: url)
                Issue.record("a fork was inserted")
            } catch {
                #expect(Self.sqlState(error) == "23505", "unique prev_hash, got \(String(reflecting: error))")
            }
        }
    }

    /// Two servers on one database, appending at once: one chain, one order, readable from either.
    @Test func twoServersKeepOneLinearChain() async throws {
        try await TestLog.withFresh(.postgres) { log in
            let first = GroupCommitStore(log.store)
            let second = GroupCommitStore(try await log.reopen())
            let records = (0..<300).map { index in
                Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000 + Double(index)), .first, index % 3 == 0)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, record) in records.enumerated() {
                    group.addTask { try await (index % 2 == 0 ? first : second).append(record) }
                }
                try await group.waitForAll()
            }
            let report = try await LogVerifier.verify(try await log.reader())
            #expect(report.problem == nil)
            #expect(report.entries == 300 && report.head.position == 300)
            #expect(try await first.logHead() == report.head)
            #expect(try await second.logHead() == report.head)
            for record in records.prefix(20) {
                #expect(try await first.history(of: record.consentID) == [record])
                #expect(try await second.history(of: record.consentID) == [record])
            }
        }
    }

    @Test func theDailyPurgeRunsOnceADayHoweverManyServersTryIt() async throws {
        try await TestLog.withFresh(.postgres) { log in
            let second = try await log.reopen()
            let base = Date(timeIntervalSince1970: 1_780_000_000)
            try await log.store.append((0..<4).map { Self.record(ConsentID.generate(), base.addingTimeInterval(Double($0) * 86_400), .first, false) })
            let now = base.addingTimeInterval(10 * 86_400)
            async let one = log.store.purgeOncePerDay(olderThan: base.addingTimeInterval(86_400), now: now)
            async let two = second.purgeOncePerDay(olderThan: base.addingTimeInterval(86_400), now: now.addingTimeInterval(1))
            let results = try await [one, two]
            #expect(results.compactMap { $0 }.count == 1, "exactly one server purged: \(results)")
            #expect(results.compactMap { $0 } == [1])
            #expect(try await second.purgeOncePerDay(olderThan: base.addingTimeInterval(3 * 86_400), now: now.addingTimeInterval(3600)) == nil)
            #expect(try await second.purgeOncePerDay(olderThan: base.addingTimeInterval(3 * 86_400), now: now.addingTimeInterval(86_400)) == 2,
                    "the next day's purge runs")
            #expect(try await LogVerifier.verify(try await log.reader()).problem == nil)
        }
    }

    @Test func tlsIsUsedWhenTheURLAsksForIt() async throws {
        try await TestLog.withFresh(.postgres) { log in
            var url = try #require(log.postgresURL)
            let serverHasTLS = try await Self.run("SHOW ssl", on: url).first?.decode(String.self) == "on"
            try #require(serverHasTLS, "make test's cluster runs with ssl=on")
            for (mode, encrypted) in [(PostgresURL.TLSMode.require, true), (.disable, false), (.prefer, true)] {
                url.tls = mode
                let store = try await PostgresConsentStore.open(url)
                defer { store.close() }
                try await store.append(Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, false))
                let ssl = try await Self.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", on: url).first?.decode(Bool.self)
                #expect(ssl == encrypted, "sslmode=\(mode.rawValue)")
            }
            // verify-full checks the certificate: the test cluster's is self-signed and not trusted.
            url.tls = .verifyFull
            await #expect(throws: (any Error).self) { _ = try await PostgresConsentStore.open(url) }
        }
    }

    @Test func aDatabaseThatDoesNotAnswerIsAStorageFailure() async throws {
        var url = try #require(TestPostgres.adminURL)
        url.port = 9 // discard: nothing listens on loopback
        do {
            _ = try await PostgresConsentStore.open(url)
            Issue.record("opened a database where nothing listens")
        } catch let failure as StorageFailure {
            #expect(failure.kind == .unavailable)
        }
    }

    @Test func aSQLiteLogMovesWithItsChainAndOnlyIntoAnEmptyLog() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let sqlite = try SQLiteConsentStore(path: path)
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        let records = (0..<8).map { Self.record(ConsentID.generate(), base.addingTimeInterval(Double($0) * 60), .first, $0 % 2 == 0) }
        try await sqlite.append(records)
        #expect(try await sqlite.purge(olderThan: base.addingTimeInterval(150), now: base.addingTimeInterval(600)) == 3)
        try await sqlite.append(Self.record(ConsentID.generate(), base.addingTimeInterval(900), .change, true))
        let sourceHead = try await sqlite.logHead()

        try await TestLog.withFresh(.postgres) { log in
            let url = try #require(log.postgresURL)
            let summary = try await PostgresLogImport.copy(from: try SQLiteLogReader(path: path), to: url)
            #expect(summary.head == sourceHead, "same positions, same hashes")
            #expect(summary.entries == 7, "five records, the checkpoint and the change")
            let store = try await log.reopen()
            #expect(try await store.logHead() == sourceHead)
            #expect(try await store.records(from: nil, to: nil) == sqlite.records(from: nil, to: nil))
            // Appends go on from the copied head.
            try await store.append(Self.record(ConsentID.generate(), base.addingTimeInterval(1000), .first, false))
            let report = try await LogVerifier.verify(try await log.reader(),
                                                      snapshots: [.init(position: sourceHead.position, hash: sourceHead.hash)])
            #expect(report.problem == nil && report.head.position == sourceHead.position + 1)
            // A second copy into the same (now non-empty) log is refused, and changes nothing.
            await #expect(throws: PostgresLogImport.Refusal.self) { _ = try await PostgresLogImport.copy(from: try SQLiteLogReader(path: path), to: url) }
            #expect(try await store.logHead().position == sourceHead.position + 1)
        }

        // A source that does not verify is not copied.
        try LogChainTests.tamper(path, "UPDATE consent_record SET choices = '{}' WHERE id = 5")
        try await TestLog.withFresh(.postgres) { log in
            let url = try #require(log.postgresURL)
            await #expect(throws: PostgresLogImport.Refusal.self) { _ = try await PostgresLogImport.copy(from: try SQLiteLogReader(path: path), to: url) }
            #expect(try await log.store.logHead() == .empty)
        }
    }

    @Test func aUserThatOnlyHasTheWriterRoleRunsTheServerWithoutMigrating() async throws {
        try await TestLog.withFresh(.postgres) { log in
            var url = try #require(log.postgresURL)
            let role = "pigment_test_app_" + String(UUID().uuidString.prefix(8)).lowercased()
            try await TestPostgres.createLoginRole(role, password: "app-secret", sql: "IN ROLE \(PostgresSchema.writerRole)")
            url.user = role
            url.password = "app-secret"
            let store: PostgresConsentStore
            do {
                store = try await PostgresConsentStore.open(url)
            } catch {
                Issue.record("\(String(reflecting: error))")
                return
            }
            defer { store.close() }
            try await store.append(Self.record(ConsentID.generate(), Date(timeIntervalSince1970: 1_780_000_000), .first, true))
            #expect(try await store.count() == 1)
            try await store.checkWritable()
            #expect(try await store.purge(olderThan: Date(timeIntervalSince1970: 1_790_000_000), now: Date(timeIntervalSince1970: 1_790_000_000)) == 1)
        }
    }
}
