import Foundation
import GRDB

extension LogRow {
    /// An entry as SQLite holds it, each column with its storage type.
    init(_ row: Row) {
        self.init(position: row["id"], values: Self.hashedColumns.map { StoredValue(row[$0] as DatabaseValue) },
                  previousHash: StoredValue(row["prev_hash"] as DatabaseValue), hash: StoredValue(row["hash"] as DatabaseValue))
    }

    /// The statement's arguments for the hashed columns, then the chain's two.
    func insertArguments() -> StatementArguments {
        StatementArguments((values + [previousHash, hash]).map(\.databaseValue))
    }

    static let insertSQL = "INSERT INTO consent_record (\((hashedColumns + ["prev_hash", "hash"]).joined(separator: ", ")))"
        + " VALUES (\(Array(repeating: "?", count: hashedColumns.count + 2).joined(separator: ", ")))"
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
