import GRDB

extension StorageFailure {
    /// SQLite's result codes for storage trouble, as `StorageFailure`s; nil for anything else (a
    /// constraint, a bug), which stays an internal error.
    static func fromSQLite(_ error: any Error) -> StorageFailure? {
        guard let error = error as? DatabaseError else { return nil }
        let kind: Kind
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .locked
        case .SQLITE_FULL: kind = .diskFull
        case .SQLITE_READONLY: kind = .readOnly
        case .SQLITE_IOERR: kind = .ioError
        case .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_PROTOCOL: kind = .unavailable
        default: return nil
        }
        return StorageFailure(kind: kind, underlying: "SQLite \(error.extendedResultCode.rawValue): \(error.message ?? "\(error.resultCode)")")
    }
}
