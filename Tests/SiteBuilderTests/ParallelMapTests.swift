import Foundation
import Synchronization
import Testing
@testable import SiteBuilder

@Suite("parallelMap")
struct ParallelMapTests {
    @Test func keepsTheInputOrder() {
        let input = Array(0..<10_000)
        #expect(input.parallelMap { $0 * 2 } == input.map { $0 * 2 })
    }

    /// Every stage maps pages with it: a result it kept a reference to would stay in memory for the
    /// life of `pigment serve` (each rebuild leaked every page it made).
    @Test func releasesEveryResultOnceTheArrayIsGone() {
        let released = ReleaseCount()
        do {
            let results = Array(0..<1_000).parallelMap { Tracked(id: $0, released: released) }
            #expect(results.map(\.id) == Array(0..<1_000))
            #expect(released.count.load(ordering: .relaxed) == 0)
        }
        #expect(released.count.load(ordering: .relaxed) == 1_000)
    }

    @Test func bothAtOnceReturnsBothResults() {
        let (a, b) = bothAtOnce({ "pages" }, { 42 })
        #expect(a == "pages" && b == 42)
    }

    /// The build renders every page in a `parallelMap` inside `bothAtOnce`. Both in one
    /// `concurrentPerform`, libdispatch gave the inner one a single thread: the pages rendered on one core.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1, "needs two cores to show parallelism"))
    func parallelMapInsideBothAtOnceUsesMoreThanOneThread() {
        let threads = Mutex<Set<String>>([])
        _ = bothAtOnce({
            Array(0..<64).parallelMap { item in
                threads.withLock { _ = $0.insert(String(describing: pthread_self())) }
                usleep(2_000)  // long enough that a second thread joins whenever it may
                return item
            }
        }, { 0 })
        #expect(threads.withLock { $0.count } > 1)
    }
}

@Suite("releaseOffThisThread")
struct ReleaseOffThisThreadTests {
    /// The build hands its pages to it so that it returns without freeing them first.
    /// Synchronous, so that the calling thread stays busy here and cannot be the one that frees them
    /// (the wait is a millisecond or two).
    @Test func freesTheValuesOnAnotherThread() {
        let log = ReleaseLog()
        let caller = String(describing: pthread_self())
        do {
            let values = (0..<100).map { ThreadNoting(id: $0, log: log) }
            releaseOffThisThread(values)
        }
        for _ in 0..<10_000 where log.count.load(ordering: .relaxed) < 100 { usleep(1_000) }
        #expect(log.count.load(ordering: .relaxed) == 100)
        #expect(!log.threads.withLock { $0.contains(caller) })
    }
}

private final class ReleaseLog: Sendable {
    let count = Atomic(0)
    let threads = Mutex<Set<String>>([])
}

private final class ThreadNoting: Sendable {
    let id: Int
    let log: ReleaseLog

    init(id: Int, log: ReleaseLog) {
        self.id = id
        self.log = log
    }

    deinit {
        _ = log.threads.withLock { $0.insert(String(describing: pthread_self())) }
        log.count.add(1, ordering: .relaxed)
    }
}

private final class ReleaseCount: Sendable {
    let count = Atomic(0)
}

private final class Tracked: Sendable {
    let id: Int
    let released: ReleaseCount

    init(id: Int, released: ReleaseCount) {
        self.id = id
        self.released = released
    }

    deinit { released.count.add(1, ordering: .relaxed) }
}
