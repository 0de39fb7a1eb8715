import Foundation
import GRDB
import PigmentModel
import Testing
@testable import ConsentServer

/// The log's WAL is copied back by a thread of its own, not by the commits a 201 waits for, and stays bounded.
@Suite("Consent store: WAL checkpoints off the commit")
struct WALCheckpointerTests {
    /// Appends batches of ten entries (each with a random consent id, so each dirties index pages of its own).
    private func appendBatches(_ count: Int, to store: SQLiteConsentStore) throws {
        for _ in 0..<count {
            try store.appendBlocking((0..<10).map { _ in SQLiteConsentStoreTests.record() })
        }
    }

    private func walFrames(_ path: String) -> Int {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        return max(0, bytes - 32) / (4096 + 24)
    }

    private func removing(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func commitsPastAThousandFramesLeaveTheCheckpointToTheBackgroundThread() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { removing(path) }
        let store = try SQLiteConsentStore(path: path)
        let checkpointer = try #require(store.connection.checkpointer)
        // Until the WAL is past the background threshold, well short of the inline one.
        var batches = 0
        while checkpointer.walFramesAtLastCommit < WALCheckpointer.backgroundFrames + 100, batches < 2_000 {
            try appendBatches(1, to: store)
            batches += 1
        }
        #expect(checkpointer.walFramesAtLastCommit < WALCheckpointer.inlineFrames)
        // The background checkpoint is asynchronous: give it a moment.
        let deadline = Date().addingTimeInterval(5)
        while checkpointer.checkpointCounts.background == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(checkpointer.checkpointCounts.background >= 1)
        #expect(checkpointer.checkpointCounts.inline == 0)
        // The checkpoint copied pages into the database file (a checkpoint that did nothing leaves its first page only).
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: path))[.size] as? Int ?? 0
        #expect(fileBytes > 20 * 4096, "the database file holds \(fileBytes) bytes")
    }

    @Test func theWALStaysBoundedUnderSteadyWrites() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { removing(path) }
        let store = try SQLiteConsentStore(path: path)
        var largest = 0
        var appended = 0
        // Twice the inline threshold's worth of frames, at least.
        while appended < 2 * Int(WALCheckpointer.inlineFrames) / 10 {
            try appendBatches(20, to: store)
            appended += 20
            largest = max(largest, walFrames(path))
        }
        #expect(largest <= Int(WALCheckpointer.inlineFrames) + 200, "the WAL grew to \(largest) frames")
        #expect(try await store.count() == appended * 10)
        // Every entry is still in the chain, as `pigment consent verify` reads it.
        let report = try await LogVerifier.verify(try SQLiteLogReader(path: path))
        #expect(report.problem == nil)
        #expect(report.records == appended * 10)
    }

    @Test func closingTheStoreEndsTheThreadAndItsConnection() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { removing(path) }
        var store: SQLiteConsentStore? = try SQLiteConsentStore(path: path)
        let checkpointer = try #require(store?.connection.checkpointer)
        try appendBatches(5, to: store!)
        #expect(checkpointer.isRunning)
        store = nil
        let deadline = Date().addingTimeInterval(5)
        while checkpointer.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!checkpointer.isRunning)
    }

    /// Once a store is gone, another program can read the file at once: the checkpointer's connection
    /// closed before the pool's, so no close-time checkpoint of its own holds the file locked.
    @Test func theFileIsFreeAsSoonAsTheStoreIsGone() async throws {
        for _ in 0..<30 {
            let path = SQLiteConsentStoreTests.temporaryPath()
            defer { removing(path) }
            var store: SQLiteConsentStore? = try SQLiteConsentStore(path: path)
            try appendBatches(3, to: store!)
            store = nil
            // No busy timeout: a lock held by anyone is an error here.
            let queue = try DatabaseQueue(path: path)
            #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM consent_record") } == 30)
        }
    }
}
