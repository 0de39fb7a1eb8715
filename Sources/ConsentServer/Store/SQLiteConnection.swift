import Foundation
import GRDB
import Synchronization

/// The store's connections to its file, opened again when storage trouble made them useless: a
/// file the server could open read-only only (its owner or mode is wrong), or one that was moved or
/// replaced under it (SQLite then refuses every write). The server keeps answering 503 meanwhile and
/// picks the file up once it is fixed, without a restart. Reopening is tried at most once a second,
/// and never creates a file that went away: that would start an empty log beside the real one.
final class SQLiteConnection: Sendable {
    private enum State {
        case open(DatabasePool, WALCheckpointer)
        case closed(since: Date, failure: StorageFailure)

        var checkpointer: WALCheckpointer? {
            if case .open(_, let checkpointer) = self { checkpointer } else { nil }
        }
    }

    let path: String
    private let state: Mutex<State>
    static let retryInterval: TimeInterval = 1

    /// Opens the file, creating it readable by its owner only. With `waitForWritable`, a file that
    /// can be opened read-only only does not stop the start: writes answer 503 until it is fixed.
    init(path: String, waitForWritable: Bool) throws {
        self.path = path
        try Self.createPrivately(path)
        do {
            let (pool, checkpointer) = try Self.openPool(path)
            state = Mutex(.open(pool, checkpointer))
        } catch {
            guard waitForWritable, let failure = StorageFailure.fromSQLite(error), failure.kind == .readOnly else { throw error }
            state = Mutex(.closed(since: .distantPast, failure: failure))
        }
    }

    func pool(now: Date = Date()) throws -> DatabasePool {
        try state.withLock { state in
            switch state {
            case .open(let pool, _):
                return pool
            case .closed(let since, let failure):
                guard now.timeIntervalSince(since) >= Self.retryInterval else { throw failure }
                guard FileManager.default.fileExists(atPath: path) else {
                    let gone = StorageFailure(kind: .unavailable, underlying: "\(path) is gone; put the log back")
                    state = .closed(since: now, failure: gone)
                    throw gone
                }
                do {
                    let (pool, checkpointer) = try Self.openPool(path)
                    state = .open(pool, checkpointer)
                    return pool
                } catch {
                    let failure = StorageFailure.fromSQLite(error) ?? StorageFailure(kind: .unavailable, underlying: "\(error)")
                    state = .closed(since: now, failure: failure)
                    throw failure
                }
            }
        }
    }

    /// After a failure that reopening may cure (read-only), the next use opens the file again.
    func failed(_ failure: StorageFailure) {
        guard failure.kind == .readOnly else { return }
        let checkpointer = state.withLock { state in
            defer { state = .closed(since: .distantPast, failure: failure) }
            return state.checkpointer
        }
        checkpointer?.stop()
    }

    deinit {
        state.withLock { $0.checkpointer?.stop() }
    }

    /// The open pool's checkpointer (the tests' view of who copies the WAL back).
    var checkpointer: WALCheckpointer? {
        state.withLock { $0.checkpointer }
    }

    private static func openPool(_ path: String) throws -> (DatabasePool, WALCheckpointer) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Not in `prepareDatabase`: GRDB turns WAL on after that runs and sets `synchronous = NORMAL`
        // with it, which skips the fsync at each commit. The writer is the only connection that commits.
        let checkpointer = WALCheckpointer(path: path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            checkpointer.install(on: db)
        }
        do {
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            checkpointer.stop()
            throw error
        }
        return (pool, checkpointer)
    }

    /// A new database file readable by its owner only (SQLite gives its -wal and -shm files the same mode).
    private static func createPrivately(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor); return }
        guard errno == EEXIST else {
            throw StorageFailure(kind: .unavailable, underlying: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
