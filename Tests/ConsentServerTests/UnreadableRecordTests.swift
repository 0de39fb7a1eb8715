import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// A row the server did not write (edited or inserted with the sqlite3 shell) is an error answer,
/// counted and logged, never a trap and never read as a default; the rest of an export still streams.
@Suite("Unreadable log entries")
struct UnreadableRecordTests {
    static let id = "0123456789abcdef0123456789abcdef"

    /// A row with the given values (the guards dropped, as someone with the file would).
    static func insertRaw(_ path: String, recordedAt: String = "'2026-05-28T20:26:40.000Z'", choices: String = #"'{"analytics":true,"essential":true}'"#,
                          method: String = "'custom'", gpc: String = "0") throws {
        try LogChainTests.tamper(path, """
            INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, method, source, gpc, prev_hash, hash)
            VALUES ('\(id)', \(recordedAt), 'first', \(choices), 'r', \(method), 'banner', \(gpc), 'x', 'y')
            """)
    }

    @Test(arguments: [
        ("recorded_at", "''"), ("recorded_at", "1780000000"), ("recorded_at", "'2026-13-01T00:00:00.000Z'"),
        ("gpc", "'yes'"), ("gpc", "2"), ("choices", "'not json'"), ("choices", #"'{"analytics":"yes"}'"#), ("method", "'sure'"),
    ])
    func aRowTheServerDidNotWriteIsAnErrorNamingTheColumn(column: String, value: String) throws {
        let record = SQLiteConsentStoreTests.record()
        let row = LogRow(position: 7, values: LogRow.values(of: record), previousHash: .null, hash: .null)
        var values = row.values
        let index = LogRow.hashedColumns.firstIndex(of: column)!
        values[index] = value.hasPrefix("'") ? .text(String(value.dropFirst().dropLast())) : .integer(Int64(value)!)
        let broken = LogRow(position: 7, values: values, previousHash: .null, hash: .null)
        #expect(throws: UnreadableRecord.self) { try broken.record() }
        do { _ = try broken.record() } catch { #expect(error.position == 7 && error.column == column) }
        #expect(try row.record() == record, "the server's own row reads back")
    }

    /// Read through GRDB's record protocol, a row with a bad value throws; the raw entry still reads, for the chain.
    @Test(arguments: [("recorded_at", "''"), ("gpc", "'yes'"), ("choices", #"'{"analytics":1}'"#), ("method", "'sure'")])
    func aRowWithABadValueIsAnErrorThroughGRDBNeverADefault(column: String, value: String) async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let record = SQLiteConsentStoreTests.record(Self.id)
        try await store.append(record)
        switch column {
        case "recorded_at": try Self.insertRaw(path, recordedAt: value)
        case "gpc": try Self.insertRaw(path, gpc: value)
        case "choices": try Self.insertRaw(path, choices: value)
        default: try Self.insertRaw(path, method: value)
        }
        let queue = try DatabaseQueue(path: path)
        let error = try await #require(throws: UnreadableRecord.self) {
            try await queue.read { db in try ConsentRecord.fetchAll(db, sql: "SELECT * FROM consent_record ORDER BY id") }
        }
        #expect(error.position == 2 && error.column == column)
        #expect(try await queue.read { db in try ConsentRecord.fetchOne(db, sql: "SELECT * FROM consent_record WHERE id = 1") } == record)
        let entries = try await queue.read { db in try LogRow.fetchAll(db, sql: "SELECT * FROM consent_record ORDER BY id") }
        #expect(entries.map(\.position) == [1, 2])
        await #expect(throws: UnreadableRecord.self) { try await store.history(of: Self.id) }
    }

    @Test func theReceiptAnswers500InTheJSONShapeAndTheServerStaysUp() async throws {
        try await ConsentAPITests.withServer { client, store in
            let path = try #require(store.connection.path as String?)
            try Self.insertRaw(path, recordedAt: "''")
            try await client.execute(uri: "/api/consent/\(Self.id)", method: .get) { response in
                #expect(response.status == .internalServerError)
                let answer = ConsentAPITests.json(response.body)
                #expect(answer["error"] as? String == "unreadable_record")
                #expect((answer["detail"] as? String)?.contains("recorded_at") == true)
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("pigment_consent_unreadable_records_total 1"))
            }
        }
    }

    @Test func theExportStreamsEveryOtherRecordAndMarksTheBadOne() async throws {
        try await ConsentAPITests.withServer { client, store in
            let path = store.connection.path
            try await AdminAPITests.post(client, #"{"choices": {"analytics": true}}"#)
            try Self.insertRaw(path, gpc: "'yes'")
            try await AdminAPITests.post(client, #"{"choices": {"analytics": false}}"#)
            let auth: HTTPFields = [.authorization: "Bearer \(ConsentAPITests.adminToken)"]
            try await client.execute(uri: "/admin/consents.csv", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let lines = String(buffer: response.body).split(separator: "\r\n").map(String.init)
                #expect(lines.count == 4)
                #expect(lines[2].hasPrefix("2,,,"))
                #expect(lines[2].hasSuffix(",y,unreadable: gpc holds 'yes' where 0 or 1 belongs"))
                #expect(lines[3].hasPrefix("3,2026-05-28T20:26:40.000Z,"))
            }
            try await client.execute(uri: "/admin/stats", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(ConsentAPITests.json(response.body)["unreadableRecords"] as? Int == 1)
            }
        }
    }
}
