import Foundation

/// Tells `pigment serve` which files changed under some folders, as soon as they change. A folder in
/// a batch (one created, moved, or the watched folder itself after the kernel dropped events) means
/// "anything below it may have changed".
/// On Linux it asks the kernel (inotify, `InotifySession`), watching each folder and every folder
/// created later; elsewhere (macOS) it compares modification times once a second (`PollingSession`).
/// Either runs on a thread of its own. Events that arrive together (an editor's save is often
/// several) are delivered as one batch after a short quiet moment.
public final class FileWatcher: Sendable {
    public let directories: [URL]
    /// How long after the last event a batch is delivered.
    static let quietMilliseconds: Int32 = 5

    public init(directories: [URL]) {
        self.directories = directories.map(\.standardizedFileURL)
    }

    /// Batches of changed paths (absolute), until the stream is dropped. `namesEveryChange`: the
    /// kernel reports each change, so files no batch named are unchanged; false when polling, which
    /// can miss an edit that leaves a file's modification time as it was.
    public func changes() -> (batches: AsyncStream<Set<String>>, namesEveryChange: Bool) {
        #if canImport(Glibc)
        if let session = InotifySession(directories: directories.map(\.path)) { return (batches(from: session), true) }
        #endif
        return (batches(from: PollingSession(directories: directories)), false)
    }

    /// Names editors and tools leave around that never feed the site.
    static func isNoise(_ name: String) -> Bool {
        name.hasPrefix(".") && name != ".well-known" || name.hasSuffix("~") || name.hasSuffix(".swp")
    }

    /// Runs the session on a thread of its own until the stream is dropped: it blocks between events.
    private func batches(from session: some WatchSession) -> AsyncStream<Set<String>> {
        let (stream, continuation) = AsyncStream<Set<String>>.makeStream()
        let thread = Thread { session.run(deliver: { continuation.yield($0) }); continuation.finish() }
        continuation.onTermination = { _ in session.stop() }
        thread.start()
        return stream
    }
}

/// One way of watching (`InotifySession`, `PollingSession`).
protocol WatchSession: Sendable {
    /// Delivers batches of changed paths until `stop` (or a failure of the watching) ends it.
    func run(deliver: (Set<String>) -> Void)
    /// Ends `run` within a short while; called from another thread.
    func stop()
}
