import GRDB
import Testing
@testable import ConsentServer

/// SQLite's result codes for storage trouble become the kinds the API answers 503 with; anything
/// else stays an error of its own (answered 500), never a storage failure by default.
@Suite("Storage failures")
struct StorageFailureTests {
    @Test(arguments: [
        (ResultCode.SQLITE_BUSY, StorageFailure.Kind.locked), (.SQLITE_LOCKED, .locked), (.SQLITE_FULL, .diskFull),
        (.SQLITE_READONLY, .readOnly), (.SQLITE_IOERR, .ioError), (.SQLITE_CANTOPEN, .unavailable), (.SQLITE_CORRUPT, .unavailable),
    ])
    func sqliteCodesBecomeKinds(code: ResultCode, kind: StorageFailure.Kind) {
        #expect(StorageFailure.fromSQLite(DatabaseError(resultCode: code, message: "x"))?.kind == kind)
    }

    @Test func otherErrorsAreNotStorageFailures() {
        #expect(StorageFailure.fromSQLite(DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "x")) == nil)
        #expect(StorageFailure.fromSQLite(StoreRefusal(reason: "x")) == nil)
    }

    @Test func aLockClearsSoonerThanAFullDisk() {
        #expect(StorageFailure.Kind.locked.retryAfterSeconds < StorageFailure.Kind.diskFull.retryAfterSeconds)
    }
}
