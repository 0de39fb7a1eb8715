import Dispatch

/// Where `pigment serve` runs its builds: one at a time, on a thread of their own. A build blocks its
/// thread from start to end (its stages wait for their parallel parts), and Swift's cooperative pool,
/// which also runs the HTTP server's tasks, has only a thread per core: a long build there would leave
/// the server a thread short, or on one core without any.
public final class BuildQueue: Sendable {
    private let queue = DispatchQueue(label: "pigment.serve.builds", qos: .userInitiated)

    public init() {}

    /// Runs `build` on the queue's thread; the calling task waits suspended, holding no thread of the pool.
    @discardableResult
    public func run<Result: Sendable>(_ build: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: build()) }
        }
    }
}
