import Foundation
import GRDB
import PigmentModel

/// An entry as SQLite holds it: a row of `consent_record`, each column with its storage type. What the
/// values mean is `LogRow`'s to say, for every store.
///
/// Read through GRDB's record protocol (`LogRow.fetchAll`), which also cost half as much per row as
/// fetching `Row`s and converting them. Written through one cached statement with positional arguments:
/// `PersistableRecord.insert` fills a column dictionary per row and cost about 10 µs more a row (release
/// build, 2,000-row transactions, median of 9 rounds: 27–29 µs against 17–19 µs, 2026-11-30).
extension LogRow: FetchableRecord, TableRecord {
    public static let databaseTableName = "consent_record"

    /// Any row reads: the values are kept as stored, so the chain can be checked even where a record cannot be read.
    /// A column a later migration adds reads as NULL from a file that lacks it (`pigment consent verify`
    /// opens files read-only and migrates nothing; the v2 migration hashes rows before v3 exists).
    public init(row: Row) {
        self.init(position: row["id"], values: Self.hashedColumns.map { StoredValue((row[$0] as DatabaseValue?) ?? .null) },
                  previousHash: StoredValue(row["prev_hash"] as DatabaseValue), hash: StoredValue(row["hash"] as DatabaseValue))
    }

    /// The statement's arguments for the hashed columns, then the chain's two; the id is the database's to give.
    static let insertSQL = "INSERT INTO \(databaseTableName) (\((hashedColumns + ["prev_hash", "hash"]).joined(separator: ", ")))"
        + " VALUES (\(Array(repeating: "?", count: hashedColumns.count + 2).joined(separator: ", ")))"
}

/// A visitor's record read straight from a row: every column must hold what the server writes, else
/// the read throws `UnreadableRecord` naming the entry and the column; a value is never defaulted.
extension ConsentRecord: FetchableRecord {
    public init(row: Row) throws {
        self = try LogRow(row: row).record()
    }
}

extension StoredValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }

    /// SQLite's text binding stops at a NUL, so such text would be stored shorter than it was hashed.
    var survivesSQLite: Bool {
        if case .text(let text) = self { !text.utf8.contains(0) } else { true }
    }
}
