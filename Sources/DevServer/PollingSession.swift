import Foundation
import Synchronization

/// Watching where the kernel cannot be asked (macOS, or Linux when inotify refuses): each file's
/// modification time, compared once a second. It can miss an edit that leaves the time as it was
/// (a clock coarser than the edits, a tool that restores times), so its batches do not claim to
/// name every change.
final class PollingSession: WatchSession {
    let directories: [URL]
    private let stopped = Atomic(false)

    init(directories: [URL]) {
        self.directories = directories
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    func run(deliver: (Set<String>) -> Void) {
        var last = modificationTimes()
        while waitOneSecond() {
            let current = modificationTimes()
            let changed = Set(current.keys.filter { current[$0] != last[$0] }).union(last.keys.filter { current[$0] == nil })
            last = current
            if !changed.isEmpty { deliver(changed) }
        }
    }

    /// False once stopped; looks every tenth of a second, so stopping takes no longer than that.
    private func waitOneSecond() -> Bool {
        for _ in 0..<10 {
            if stopped.load(ordering: .relaxed) { return false }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return !stopped.load(ordering: .relaxed)
    }

    /// Every file's and folder's modification time by absolute path, leaving out what `FileWatcher.isNoise` names.
    private func modificationTimes() -> [String: Double] {
        var times: [String: Double] = [:]
        for directory in directories {
            let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])
            while let url = enumerator?.nextObject() as? URL {
                if FileWatcher.isNoise(url.lastPathComponent) {
                    enumerator?.skipDescendants()
                    continue
                }
                times[url.path] = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)?
                    .timeIntervalSince1970 ?? 0
            }
        }
        return times
    }
}
