import Foundation
import GRDB

/// A SQLite consent log opened read-only for `pigment consent verify`: no migration runs and nothing
/// is written, so an auditor can verify a copy (or the live file) as it is.
public struct SQLiteLogReader: LogSource {
    let queue: DatabaseQueue

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw LogReaderError.missing(path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        let columns = try queue.read { db in try db.columns(in: "consent_record").map(\.name) }
        guard columns.contains("hash") else { throw LogReaderError.notChained(path) }
    }

    public func entries(after position: Int64, limit: Int) async throws -> [LogRow] {
        try await queue.read { db in
            try LogRow.fetchAll(db, sql: "SELECT * FROM consent_record WHERE id > ? ORDER BY id LIMIT ?", arguments: [position, limit])
        }
    }

    public func position(ofHash hash: String) async throws -> Int64? {
        try await queue.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM consent_record WHERE hash = ? LIMIT 1", arguments: [hash]) }
    }

    public func newestCheckpoint() async throws -> LogRow? {
        try await queue.read { db in
            try LogRow.fetchOne(db, sql: "SELECT * FROM consent_record WHERE checkpoint IS NOT NULL ORDER BY id DESC LIMIT 1")
        }
    }

    public func missingProtections() async throws -> [String] {
        let present = try await queue.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_record'"))
        }
        return SQLiteSchema.protections.filter { !present.contains($0) }
    }
}

public enum LogReaderError: Error, CustomStringConvertible {
    case missing(String)
    case notChained(String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path) does not exist"
        case .notChained(let path): "\(path) holds a consent log from before the hash chain; start the consent server on it once to chain its entries"
        }
    }
}
