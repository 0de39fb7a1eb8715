import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Tells `pigment serve` which files changed under some folders, as soon as they change. A folder in
/// a batch (one created, moved, or the watched folder itself after the kernel dropped events) means
/// "anything below it may have changed".
/// On Linux it asks the kernel (inotify), watching each folder and every folder created later;
/// elsewhere it compares modification times once a second. Events that arrive together (an
/// editor's save is often several) are delivered as one batch after a short quiet moment.
public final class FileWatcher: Sendable {
    public let directories: [URL]
    /// How long after the last event a batch is delivered.
    static let quietMilliseconds: Int32 = 5

    public init(directories: [URL]) {
        self.directories = directories.map(\.standardizedFileURL)
    }

    /// Batches of changed paths (absolute), until the stream is dropped.
    public func changes() -> AsyncStream<Set<String>> {
        #if os(Linux)
        if let stream = inotifyChanges() { return stream }
        #endif
        return pollingChanges()
    }

    /// Names editors and tools leave around that never feed the site.
    static func isNoise(_ name: String) -> Bool {
        name.hasPrefix(".") && name != ".well-known" || name.hasSuffix("~") || name.hasSuffix(".swp")
    }

    #if os(Linux)
    private func inotifyChanges() -> AsyncStream<Set<String>>? {
        guard let session = InotifySession(directories: directories.map(\.path)) else { return nil }
        let (stream, continuation) = AsyncStream<Set<String>>.makeStream()
        let thread = Thread { session.run(deliver: { continuation.yield($0) }); continuation.finish() }
        continuation.onTermination = { _ in session.stop() }
        thread.start()
        return stream
    }
    #endif

    /// Portable fallback: the count and newest modification time of the files, once a second.
    private func pollingChanges() -> AsyncStream<Set<String>> {
        let directories = self.directories
        return AsyncStream { continuation in
            let task = Task {
                func fingerprint() -> [String: Double] {
                    var times: [String: Double] = [:]
                    for directory in directories {
                        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])
                        while let url = enumerator?.nextObject() as? URL {
                            times[url.path] = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)?
                                .timeIntervalSince1970 ?? 0
                        }
                    }
                    return times
                }
                var last = fingerprint()
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let current = fingerprint()
                    let changed = Set(current.keys.filter { current[$0] != last[$0] }).union(last.keys.filter { current[$0] == nil })
                    last = current
                    if !changed.isEmpty { continuation.yield(changed) }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

#if os(Linux)
/// One inotify descriptor and the folders it watches, read by one thread once set up.
private final class InotifySession: Sendable {
    let descriptor: Int32
    let roots: [String]
    /// Watch descriptor → folder. Only the reading thread changes it after `init`: the lock is never contended.
    private let folders = Mutex<[Int32: String]>([:])
    private let stopped = Atomic(false)

    /// Ends `run` within one poll interval.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
    static let mask = UInt32(IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_ATTRIB)

    init?(directories: [String]) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        roots = directories
        guard descriptor >= 0 else { return nil }
        for directory in directories { watch(directory) }
    }

    /// Watches a folder and every folder below it.
    func watch(_ path: String) {
        let id = inotify_add_watch(descriptor, path, Self.mask)
        if id >= 0 { folders.withLock { $0[id] = path } }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where !FileWatcher.isNoise(name) {
            var isDirectory: ObjCBool = false
            let child = path + "/" + name
            if FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue { watch(child) }
        }
    }

    /// Reads events until the thread is cancelled, delivering a batch after each quiet moment.
    func run(deliver: (Set<String>) -> Void) {
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var batch = Set<String>()
        while !stopped.load(ordering: .relaxed) {
            // Wait for events; once a batch has started, only for the quiet moment that ends it.
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, batch.isEmpty ? 500 : FileWatcher.quietMilliseconds)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 {
                if !batch.isEmpty { deliver(batch) }
                batch = []
                continue
            }
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (watchID, eventMask, nameLength) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let name = String(decoding: buffer[nameStart..<(nameStart + nameLength)].prefix { $0 != 0 }, as: UTF8.self)
                offset = nameStart + nameLength
                // The kernel dropped events: name the watched folders, so the rebuild reads everything.
                if eventMask & UInt32(IN_Q_OVERFLOW) != 0 { batch.formUnion(roots) }
                guard let folder = folders.withLock({ $0[watchID] }), !name.isEmpty, !FileWatcher.isNoise(name) else { continue }
                let path = folder + "/" + name
                // A new folder (created, or moved in): watch it, and count what it already holds.
                if eventMask & UInt32(IN_ISDIR) != 0, eventMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    watch(path)
                    for file in FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [] {
                        batch.insert(path + "/" + file)
                    }
                }
                batch.insert(path)
            }
        }
    }
}
#endif
