// inotify is Linux's alone; elsewhere `FileWatcher` polls.
#if canImport(Glibc)
import Foundation
import Glibc
import Synchronization

/// Linux's way of watching: one inotify descriptor and the folders it watches, read by one thread
/// once set up. The kernel names every change (or says it dropped some), so batches name every change.
final class InotifySession: WatchSession {
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
