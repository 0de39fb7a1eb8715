import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the log's write-ahead log back into the database file on a thread of its own, so that a
/// commit, which every waiting 201 depends on, does not do it.
///
/// SQLite's own automatic checkpoint runs inside the commit that takes the WAL past 1,000 frames:
/// it writes those pages into the database file and flushes it before the commit returns. Each
/// consent entry dirties a page of the consent-id index of its own (the ids are random), so under
/// load that came every 40 batches or so and made those answers wait 10–27 ms (the group commit's
/// COMMIT: 1.8 ms on average, at most 27 ms; 12-row commits in Python on the same disk: p99 15 ms
/// with the automatic checkpoint, 1.9 ms without).
///
/// The writer connection's WAL hook (which replaces the automatic checkpoint) wakes this thread at
/// every `backgroundFrames` new frames; its PASSIVE checkpoint runs beside the commits on another
/// connection. A WAL can start again from its beginning only once every frame is back in the file, and
/// under steady load the background checkpoint is always a few commits behind; so when the WAL holds
/// `inlineFrames`, the writer itself copies what is left (a short tail, the rest was copied already)
/// and the next commit starts the WAL again. That keeps the file at most about `inlineFrames` pages.
/// Should the thread fail to open its connection, the writer's copy at `inlineFrames` does all of it.
final class WALCheckpointer: Sendable {
    /// Frames since the last background checkpoint that wake it (SQLite's automatic checkpoint's own figure).
    static let backgroundFrames: Int32 = 1000
    /// Frames in the WAL at which the writer finishes the checkpoint itself, so the WAL can start again.
    static let inlineFrames: Int32 = 4000
    /// How often the thread looks whether it was stopped while nothing woke it.
    static let idleWake: DispatchTimeInterval = .seconds(1)
    /// How long `stop` waits for a checkpoint under way to end.
    static let stopWait: DispatchTimeInterval = .seconds(10)

    private struct State {
        /// Frames in the WAL the last background checkpoint had copied (0 after the WAL started again).
        var copiedThrough: Int32 = 0
        /// The WAL's length at the last commit, to see when it started again.
        var lastFrames: Int32 = 0
        /// A wake-up is on its way: commits meanwhile do not queue more.
        var wakePending = false
        var stopped = false
        var threadRunning = false
        var backgroundCheckpoints = 0
        var inlineCheckpoints = 0
    }

    private let path: String
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) {
        self.path = path
    }

    /// Background and inline checkpoints so far (the tests' view of who copied the WAL).
    var checkpointCounts: (background: Int, inline: Int) {
        state.withLock { ($0.backgroundCheckpoints, $0.inlineCheckpoints) }
    }

    /// Whether the thread still runs (and holds its connection).
    var isRunning: Bool { state.withLock { $0.threadRunning } }

    /// The WAL's length in frames after the last commit.
    var walFramesAtLastCommit: Int32 { state.withLock { $0.lastFrames } }

    /// Installs the hook on the writer connection (in place of SQLite's automatic checkpoint) and
    /// starts the thread. The hook holds the checkpointer weakly: GRDB does not say when the
    /// connection closes, so the hook's small box outlives it (one per opened pool).
    func install(on writer: Database) {
        let box = Unmanaged.passRetained(WeakCheckpointer(self)).toOpaque()
        sqlite3_wal_hook(writer.sqliteConnection, { box, connection, name, frames in
            guard let box else { return SQLITE_OK }
            Unmanaged<WeakCheckpointer>.fromOpaque(box).takeUnretainedValue().checkpointer?
                .committed(frames: frames, connection: connection, name: name)
            return SQLITE_OK
        }, box)
        state.withLock { $0.threadRunning = true }
        Thread.detachNewThread { [self] in run() }
    }

    /// Ends the thread and returns once it has closed its connection. Closed before the pool's, it
    /// is not the file's last connection, so it does not run the close-time checkpoint that would
    /// lock the file while a program that opens it next (`pigment consent verify`) reads it.
    func stop() {
        let running = state.withLock { state -> Bool in
            state.stopped = true
            return state.threadRunning
        }
        wake.signal()
        if running { _ = finished.wait(timeout: .now() + Self.stopWait) }
    }

    /// On the writer's thread, after each commit, with the WAL's length in frames.
    private func committed(frames: Int32, connection: OpaquePointer?, name: UnsafePointer<CChar>?) {
        let action = state.withLock { state -> (wakeBackground: Bool, copyTail: Bool) in
            if frames < state.lastFrames { state.copiedThrough = 0 }
            state.lastFrames = frames
            if frames >= Self.inlineFrames { return (false, true) }
            guard !state.wakePending, frames - state.copiedThrough >= Self.backgroundFrames else { return (false, false) }
            state.wakePending = true
            return (true, false)
        }
        if action.copyTail {
            // PASSIVE never waits: if the background checkpoint holds the checkpoint lock, the next commit tries again.
            if sqlite3_wal_checkpoint_v2(connection, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
                state.withLock { $0.inlineCheckpoints += 1 }
            }
        } else if action.wakeBackground {
            wake.signal()
        }
    }

    private func run() {
        var connection: OpaquePointer?
        defer {
            sqlite3_close_v2(connection)
            state.withLock { $0.threadRunning = false }
            finished.signal()
        }
        // Opened here, not in init: the file's WAL mode is set by the pool, before `install`.
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              // A connection that has read nothing does not know the file is in WAL mode: its checkpoint would do nothing.
              sqlite3_exec(connection, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK else { return }
        while true {
            let woken = wake.wait(timeout: .now() + Self.idleWake) == .success
            guard !state.withLock({ $0.stopped }) else { return }
            guard woken else { continue }
            state.withLock { $0.wakePending = false }
            var frames: Int32 = 0, copied: Int32 = 0
            guard sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied) == SQLITE_OK else { continue }
            state.withLock { state in
                state.backgroundCheckpoints += 1
                // A WAL that started again since this checkpoint looked is shorter than what it copied.
                state.copiedThrough = copied <= state.lastFrames ? copied : 0
            }
        }
    }
}

/// The WAL hook's context: the checkpointer, if it is still there.
private final class WeakCheckpointer: @unchecked Sendable {
    weak var checkpointer: WALCheckpointer?
    init(_ checkpointer: WALCheckpointer) { self.checkpointer = checkpointer }
}
