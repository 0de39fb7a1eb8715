import Foundation
import PigmentModel
import Synchronization

/// Commits concurrent appends together: while one transaction is being written, the records that
/// arrive queue up and go into the next one. Each caller still returns only once its own records are
/// committed, so a 201 always means durable, but a burst costs a handful of fsyncs instead of one each.
public final class GroupCommitStore: ConsentStore {
    private struct Waiter {
        var records: [ConsentRecord]
        var continuation: CheckedContinuation<Void, Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        var writing = false
    }

    private let base: any ConsentStore
    private let state = Mutex(State())
    private let writerQueue = DispatchQueue(label: "pigment.group-commit")

    public init(_ base: any ConsentStore) { self.base = base }

    /// The store the batches go to (the analytics events share a PostgreSQL log's connections).
    public var underlying: any ConsentStore { base }

    public func append(_ records: [ConsentRecord]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiter(records: records, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriter { startWriting() }
        }
    }

    /// A blocking store is written from a queue of its own (a pooled thread), while there is something
    /// to write. As a task it waited for a turn on the event loops, which were busy with HTTP, at each
    /// batch, and again inside GRDB's async write: 2.7 ms a batch, 4,300 requests/s, of which the
    /// commit itself was a fraction (the same rate with `synchronous = OFF`). A thread made per batch
    /// cost 100k instructions a request more than the queue's pooled one.
    private func startWriting() {
        if let blocking = base as? any BlockingAppendStore {
            writerQueue.async {
                while let batch = self.nextBatch() {
                    Self.settle(batch, Result { try blocking.appendBlocking(batch.flatMap(\.records)) })
                }
            }
        } else {
            Task {
                while let batch = nextBatch() {
                    do {
                        try await base.append(batch.flatMap(\.records))
                        Self.settle(batch, .success(()))
                    } catch {
                        Self.settle(batch, .failure(error))
                    }
                }
            }
        }
    }

    /// Each caller of a batch returns with the batch's outcome: committed together, or failed together.
    private static func settle(_ batch: [Waiter], _ outcome: Result<Void, Error>) {
        for waiter in batch { waiter.continuation.resume(with: outcome) }
    }

    /// One writer at a time takes everything queued so far and commits it in one transaction: this is
    /// its next batch, or nil (and the writer stops) when nothing is queued.
    private func nextBatch() -> [Waiter]? {
        state.withLock { state -> [Waiter]? in
            let batch = state.waiting
            state.waiting = []
            if batch.isEmpty { state.writing = false }
            return batch.isEmpty ? nil : batch
        }
    }

    public func history(of consentID: String) async throws -> [ConsentRecord] { try await base.history(of: consentID) }
    public func records(from: Date?, to: Date?, after position: Int64, limit: Int) async throws -> [LoggedRecord] {
        try await base.records(from: from, to: to, after: position, limit: limit)
    }
    public func purge(olderThan cutoff: Date, now: Date) async throws -> Int { try await base.purge(olderThan: cutoff, now: now) }
    public func purgeOncePerDay(olderThan cutoff: Date, now: Date) async throws -> Int? {
        try await base.purgeOncePerDay(olderThan: cutoff, now: now)
    }
    public func count() async throws -> Int { try await base.count() }
    public func logHead() async throws -> LogHead { try await base.logHead() }
    public func checkWritable() async throws { try await base.checkWritable() }
}
