import Foundation
import GRDB
import PigmentModel
import Testing
@testable import ConsentServer

/// The `client_revision` column, added after the chain began: entries written before it keep their
/// hashes (a trailing NULL column is left out of the hashed bytes), so old logs still verify.
@Suite("Consent log: client revision column")
struct ClientRevisionChainTests {
    /// A record's eleven original columns, as the first chained server wrote them.
    static let originalValues: [StoredValue] = [
        .text("3f2a9c0d8e7b4a61b5c2d9e0f1a2b3c4"), .text("2026-05-04T10:30:00.250Z"), .text("first"),
        .text(#"{"analytics":true,"essential":true}"#), .text("934498413c690859"), .text("2026-05-04"),
        .text("accept_all"), .text("banner"), .integer(1), .text("/pricing/"), .null,
    ]

    /// Hashes computed outside Swift (Python's hashlib over the bytes `ChainHash`'s doc comment
    /// describes), so the rule an auditor reads is the rule the server follows.
    @Test func aNullClientRevisionIsLeftOutAndASetOneIsHashed() {
        #expect(LogRow.hashedColumns.count == 12 && LogRow.hashedColumns.last == "client_revision")
        let old = "c47336e3faa348c127d478dc118ed8c38d88ac891dfd400c762e18f289b97cd2"
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: Self.originalValues) == old)
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: Self.originalValues + [.null]) == old)
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: Self.originalValues + [.text("3")])
                == "770767c8a915e4bbb7349f6271b89ccf2e23dd7d30aa7ee0f0e1d2f08281ea40")
        // The first eleven are hashed even when NULL: only columns added later are left out.
        #expect(ChainHash.canonicalBytes(previous: "ab", values: Array(repeating: .null, count: 12)).count
                == "pigment-consent-log/1\nab\n".utf8.count + 11 * 2)
    }

    @Test func aRecordWithoutAClientRevisionHashesAsBeforeTheColumn() {
        var record = SQLiteConsentStoreTests.record()
        let values = LogRow.values(of: record)
        #expect(values.count == LogRow.hashedColumns.count && values[11] == .null)
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: values)
                == ChainHash.hash(previous: ChainHash.genesis, values: Array(values.prefix(11))))
        record.clientRevision = "0"
        #expect(LogRow.values(of: record)[11] == .text("0"))
        #expect(ChainHash.hash(previous: ChainHash.genesis, values: LogRow.values(of: record))
                != ChainHash.hash(previous: ChainHash.genesis, values: values), "a revision, once set, is evidence too")
    }

    @Test func aCheckpointCarriesNoClientRevision() throws {
        let checkpoint = Checkpoint(purgedCount: 3, purgedBefore: Date(timeIntervalSince1970: 1_780_000_000), purgedThrough: ChainHash.genesis)
        var values = LogRow.values(of: checkpoint, recordedAt: Date(timeIntervalSince1970: 1_780_000_060))
        #expect(values.count == LogRow.hashedColumns.count && values[11] == .null)
        values[11] = .text("2")
        let row = LogRow(position: 9, values: values, previousHash: .text(ChainHash.genesis), hash: .text(ChainHash.genesis))
        #expect(throws: UnreadableRecord.self) { try row.content() }
    }

    /// A file the previous server wrote (migrations v1 and v2, rows hashed over eleven columns): it
    /// verifies read-only as it is, is migrated when the server opens it, and still verifies after
    /// the server adds records with and without a client revision.
    @Test func aLogFromThePreviousSchemaStillVerifiesAfterTheMigration() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v2: hash chain")
        try await queue.write { db in
            #expect(try !db.columns(in: "consent_record").map(\.name).contains("client_revision"))
            var previous = ChainHash.genesis
            for minute in 0..<3 {
                var values = Self.originalValues
                values[1] = .text(LogTimestamp.text(Date(timeIntervalSince1970: 1_780_000_000 + Double(minute) * 60)))
                let hash = ChainHash.hash(previous: previous, values: values)
                try db.execute(sql: """
                    INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, policy_version, method, source, gpc, page_path, checkpoint, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments((values + [.text(previous), .text(hash)]).map(\.databaseValue)))
                previous = hash
            }
        }
        try queue.close()
        let before = try await LogVerifier.verify(try SQLiteLogReader(path: path))
        #expect(before.problem == nil && before.entries == 3, "verify reads a file it does not migrate")

        let store = try SQLiteConsentStore(path: path)
        var revised = SQLiteConsentStoreTests.record(at: Date(timeIntervalSince1970: 1_780_001_000))
        revised.clientRevision = "7"
        try await store.append(revised)
        try await store.append(SQLiteConsentStoreTests.record(at: Date(timeIntervalSince1970: 1_780_001_060)))
        let after = try await LogVerifier.verify(try SQLiteLogReader(path: path))
        #expect(after.problem == nil && after.entries == 5)
        let records = try await store.records(from: nil, to: nil)
        #expect(records.map(\.clientRevision) == [nil, nil, nil, "7", nil])
        #expect(records.first?.policyVersion == "2026-05-04")

        // A revision changed afterwards is caught like any other edit.
        let writer = try DatabaseQueue(path: path)
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER consent_record_no_update; UPDATE consent_record SET client_revision = '8' WHERE id = 4")
        }
        try writer.close()
        #expect(try await LogVerifier.verify(try SQLiteLogReader(path: path)).problem == .edited(.init(id: 4, ordinal: 4)))
    }
}
