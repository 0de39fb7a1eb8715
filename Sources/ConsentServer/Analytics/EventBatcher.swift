import Foundation
import Synchronization

/// The queue in front of an event store: events wait in memory and are written in batches (every
/// 250 ms, or at once when 1,000 wait), one batch write at a time. A failed write puts its batch
/// back in front, so a passing failure (a lock, a reconnect) loses nothing.
final class EventBatcher: Sendable {
    private let pending = Mutex<[PageEvent]>([])
    private let flushing = Mutex(false)
    private let write: @Sendable ([PageEvent]) async throws -> Void
    /// Events waiting beyond this are refused (503): the database stopped keeping up.
    static let maximumPending = 100_000
    static let batchSize = 1000

    init(write: @escaping @Sendable ([PageEvent]) async throws -> Void) { self.write = write }

    func record(_ event: PageEvent) -> Bool {
        let count = pending.withLock { pending -> Int in
            guard pending.count < Self.maximumPending else { return -1 }
            pending.append(event)
            return pending.count
        }
        if count == Self.batchSize { Task { try? await self.flush() } }
        return count >= 0
    }

    func flush() async throws {
        guard flushing.withLock({ busy in if busy { return false }; busy = true; return true }) else { return }
        defer { flushing.withLock { $0 = false } }
        while true {
            let batch = pending.withLock { pending -> [PageEvent] in
                // One batch a transaction: a longer one holds a core from the request handlers for longer.
                let batch = Array(pending.prefix(Self.batchSize))
                pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await write(batch)
            } catch {
                pending.withLock { $0.insert(contentsOf: batch, at: 0) }
                throw error
            }
        }
    }

    func run(every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            try? await flush()
        }
        // Outside the cancelled task (GRDB refuses to start a write in one), and until nothing waits:
        // a flush already running makes this one return at once.
        await Task.detached {
            for _ in 0..<100 where !self.pending.withLock(\.isEmpty) || self.flushing.withLock({ $0 }) {
                try? await self.flush()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }.value
    }

    /// How many waiting events are under a consent id.
    func waiting(consentID: String) -> Int { pending.withLock { $0.reduce(0) { $0 + ($1.consentID == consentID ? 1 : 0) } } }

    /// Drops the waiting events under a consent id; returns how many.
    func drop(consentID: String) -> Int {
        pending.withLock { pending -> Int in
            let before = pending.count
            pending.removeAll { $0.consentID == consentID }
            return before - pending.count
        }
    }
}
