import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// Maps the elements on every core. Results keep the input order, so output stays deterministic.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        // Chunks amortise the dispatch cost over many small pages.
        let chunkSize = Swift.max(1, count / (ProcessInfo.activeCores * 8))
        let chunks = (count + chunkSize - 1) / chunkSize
        return self.withUnsafeBufferPointer { input in
            // Each result is written once, straight into the array's storage, by the one chunk that owns its
            // index; the array takes ownership of all of them, so none is copied or left behind.
            let count = input.count
            let source = UnsafeSendablePointer(input.baseAddress!)
            return [Result](unsafeUninitializedCapacity: count) { output, initializedCount in
                let slots = UnsafeSendablePointer(output.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = chunk * chunkSize
                    for index in start..<Swift.min(start + chunkSize, count) {
                        (slots.pointer + index).initialize(to: transform(source.pointer[index]))
                    }
                }
                initializedCount = count
            }
        }
    }
}

/// Runs `a` and `b` at once, on two threads, and returns both results. For stages that do not depend on
/// each other and may each use one core alone: after a title edit, rendering the section page that lists
/// it (one template, one core) and writing the sitemap and feeds each take 10–20 ms.
///
/// `a` runs on the calling thread and `b` on a thread of its own. Not both in one `concurrentPerform`:
/// libdispatch divides a nested `concurrentPerform`'s threads by the outer one's width, so a
/// `parallelMap` inside `a` ran on one core (10,000 pages: rendering 1.0 cores busy, 512 ms). Not `b`
/// on a global queue either: when every worker of the pool is busy (a test run), `b` waited for one.
func bothAtOnce<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
    let second = Mutex<B?>(nil)
    let done = DispatchSemaphore(value: 0)
    // The thread holds `b` until it has ended, after the signal: `b` escapes (it cannot only pretend to).
    Thread.detachNewThread {
        let value = b()
        second.withLock { $0 = value }
        done.signal()
    }
    let first = a()
    done.wait()
    return (first, second.withLock { $0.take()! })
}

/// A pointer handed to the chunks of `parallelMap`, which read the input and write disjoint indexes
/// of the output only. Unchecked because the safe form (each chunk's results kept under a `Mutex`,
/// then joined) took 1.6 ms more to map 10,000 page-sized structs
/// (2.5 → 4.1 ms, release), and a rebuild maps all pages up to ten times.
private struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
    init(_ pointer: UnsafePointer<Pointee>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}

private extension ProcessInfo {
    static let activeCores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// Frees `values` on another thread, so that the caller need not wait for it: the values of a
/// 10,000-page build (every page's HTML, ids and links) took 85–97 ms to free, one object at a time,
/// after the build had finished. `pigment build` exits without waiting for it.
///
/// The values are moved into memory of their own, which only the other thread deinitializes: held
/// in a reference-counted box instead, they were freed by whichever thread dropped the box last, and
/// a caller preempted just after handing it over was that thread (a test saw it once in a busy run).
func releaseOffThisThread<Values>(_ values: consuming Values) {
    let moved = UnsafeSendablePointer(UnsafeMutablePointer<Values>.allocate(capacity: 1))
    moved.pointer.initialize(to: values)
    DispatchQueue.global(qos: .utility).async {
        moved.pointer.deinitialize(count: 1)
        moved.pointer.deallocate()
    }
}
