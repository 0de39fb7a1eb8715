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
    /// A `parallelMap` gets a second thread only when the pool has one free, which a busy test run may
    /// not: each attempt first checks that a plain `parallelMap` gets two, and judges only then.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1, "needs two cores to show parallelism"))
    func parallelMapInsideBothAtOnceUsesMoreThanOneThread() async {
        // On a thread of its own: the attempts sleep, and the threads that run every test must not.
        let verdict = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Self.nestedParallelMapVerdict()) }
        }
        if let verdict { Issue.record(Comment(rawValue: verdict)) }
    }

    /// Nil when a `parallelMap` inside `bothAtOnce` used more than one thread; else what it used.
    private static func nestedParallelMapVerdict() -> String? {
        var judged: [Int] = []
        for _ in 0..<100 {
            if judged.count == 3 { break }
            guard threadsUsed(byAParallelMap: ()) > 1 else {
                usleep(50_000)  // the pool is busy: no verdict from this attempt
                continue
            }
            let (inside, _) = bothAtOnce({ threadsUsed(byAParallelMap: ()) }, { 0 })
            if inside > 1 { return nil }
            judged.append(inside)
        }
        return "a parallelMap inside bothAtOnce used \(judged.isEmpty ? "no judged attempt: the pool was never free" : "one thread in \(judged.count) attempts when a plain one used two")"
    }

    /// How many threads a `parallelMap` of 64 items that each take 2 ms ran on.
    private static func threadsUsed(byAParallelMap: Void) -> Int {
        let threads = Mutex<Set<String>>([])
        _ = Array(0..<64).parallelMap { item in
            threads.withLock { _ = $0.insert(String(describing: pthread_self())) }
            usleep(2_000)  // long enough that a second thread joins whenever it may
            return item
        }
        return threads.withLock { $0.count }
    }
}

@Suite("releaseOffThisThread")
struct ReleaseOffThisThreadTests {
    /// The build hands its pages to it so that it returns without freeing them first. The handing over
    /// happens on a thread of the test's own, which stays alive (so no other thread can share its id)
    /// and waits there, not on the threads that run every test.
    @Test func freesTheValuesOnAnotherThread() async {
        let log = ReleaseLog()
        let (releaser, freedInTime) = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let releaser = String(describing: pthread_self())
                do {
                    let values = (0..<100).map { ThreadNoting(id: $0, log: log) }
                    releaseOffThisThread(consume values)  // no copy left here to be freed last
                }
                let freedInTime = log.allFreed.wait(timeout: .now() + 30) == .success
                continuation.resume(returning: (releaser, freedInTime))
            }
        }
        #expect(freedInTime)
        #expect(log.count.load(ordering: .relaxed) == 100)
        #expect(!log.threads.withLock { $0.contains(releaser) })
    }
}

private final class ReleaseLog: Sendable {
    let count = Atomic(0)
    let threads = Mutex<Set<String>>([])
    /// Signalled by the hundredth deinit.
    let allFreed = DispatchSemaphore(value: 0)
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
        if log.count.add(1, ordering: .relaxed).newValue == 100 { log.allFreed.signal() }
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
