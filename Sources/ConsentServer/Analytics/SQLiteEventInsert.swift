import GRDB

/// Writes a batch of events into `page_event` with one prepared INSERT, bound through SQLite's C API
/// (`SQLiteBinding`, which says why).
enum SQLiteEventInsert {
    static let sql = "INSERT INTO page_event (\(PageEvent.columns.joined(separator: ", "))) VALUES (\(PageEvent.columns.map { _ in "?" }.joined(separator: ", ")))"

    /// Inside the caller's transaction; a failing row throws, and the transaction rolls the batch back.
    static func insert(_ batch: [PageEvent], into db: Database) throws {
        for event in batch {
            try SQLiteBinding.insert(event.rowValues.lazy.map { $0.map(StoredValue.text) ?? .null }, sql: sql, into: db)
        }
    }
}
