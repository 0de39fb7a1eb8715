import Foundation
import GRDB
import SiteBuilder

/// The consent log in a SQLite file: WAL mode so readers never block the writer, and
/// `synchronous=FULL` so a record that was answered 201 survives a power cut.
public final class SQLiteConsentStore: ConsentStore {
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        // Not in `prepareDatabase`: GRDB turns WAL on after that runs and sets `synchronous = NORMAL`
        // with it, which skips the fsync at each commit. The writer is the only connection that commits.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(pool)
    }

    /// Versioned schema changes, applied in order and recorded in the file itself.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: consent log") { db in
            try db.create(table: "consent_record") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("consent_id", .text).notNull().indexed()
                table.column("recorded_at", .datetime).notNull().indexed()
                table.column("event", .text).notNull()
                table.column("choices", .text).notNull() // JSON object: category → granted
                table.column("registry_version", .text).notNull()
                table.column("policy_version", .text)
                table.column("method", .text).notNull()
                table.column("source", .text).notNull()
                table.column("gpc", .boolean).notNull()
                table.column("page_path", .text)
            }
            // The log is append-only: the database itself refuses edits.
            try db.execute(sql: """
                CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record
                BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
                """)
        }
        return migrator
    }

    public func append(_ records: [ConsentRecord]) async throws {
        guard !records.isEmpty else { return }
        try await pool.write { db in
            // Compiled once per connection, then only rebound: parsing the SQL cost as much as running it.
            let insert = try db.cachedStatement(sql: """
                INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version,
                    policy_version, method, source, gpc, page_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for record in records {
                try insert.execute(arguments: [record.consentID, Self.timestamp(record.recordedAt), record.event.rawValue,
                                               Self.encode(record.choices), record.registryVersion, record.policyVersion,
                                               record.method.rawValue, record.source.rawValue, record.gpc, record.pagePath])
            }
        }
    }

    public func history(of consentID: String) async throws -> [ConsentRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM consent_record WHERE consent_id = ? ORDER BY id", arguments: [consentID])
                .map(Self.record)
        }
    }

    public func records(from: Date?, to: Date?) async throws -> [ConsentRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM consent_record WHERE recorded_at >= ? AND recorded_at < ? ORDER BY id
                """, arguments: [Self.timestamp(from ?? .distantPast), Self.timestamp(to ?? .distantFuture)])
                .map(Self.record)
        }
    }

    public func purge(olderThan date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM consent_record WHERE recorded_at < ?", arguments: [Self.timestamp(date)])
            return db.changesCount
        }
    }

    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent_record") ?? 0 }
    }

    /// Fixed-width UTC text with milliseconds: sorts as it reads, and compares correctly in SQL.
    public static func timestamp(_ date: Date) -> String {
        // By arithmetic rather than Calendar and String(format:), which cost more than the insert itself.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = (milliseconds - ((milliseconds % 1000) + 1000) % 1000) / 1000
        let days = (seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400
        let time = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T\(digits(time / 3600, 2)):\(digits(time % 3600 / 60, 2))"
            + ":\(digits(time % 60, 2)).\(digits(((milliseconds % 1000) + 1000) % 1000, 3))Z"
    }

    static func date(_ text: String) -> Date {
        let parts = text.dropLast().split(separator: ".")
        let base = ISO8601DateFormatter().date(from: String(parts[0]) + "Z") ?? .distantPast
        return base.addingTimeInterval(Double(parts.count > 1 ? Int(parts[1]) ?? 0 : 0) / 1000)
    }

    /// `{"analytics":true,"essential":true}`: sorted keys, as JSONEncoder's `.sortedKeys` wrote them.
    static func encode(_ choices: [String: Bool]) -> String { JSONText.encode(choices) }

    static func record(_ row: Row) -> ConsentRecord {
        ConsentRecord(
            consentID: row["consent_id"],
            recordedAt: date(row["recorded_at"]),
            event: ConsentRecord.Event(rawValue: row["event"]) ?? .change,
            choices: (try? JSONDecoder().decode([String: Bool].self, from: Data((row["choices"] as String).utf8))) ?? [:],
            registryVersion: row["registry_version"],
            policyVersion: row["policy_version"],
            method: ConsentRecord.Method(rawValue: row["method"]) ?? .custom,
            source: ConsentRecord.Source(rawValue: row["source"]) ?? .banner,
            gpc: row["gpc"],
            pagePath: row["page_path"]
        )
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
