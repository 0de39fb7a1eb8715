import Foundation

/// Notices edits by comparing the newest modification time under some folders once a second.
/// Simple and portable; enough for a preview server (the writer's-loop work replaces it with inotify).
struct ChangePoller: Sendable {
    var directories: [URL]

    func changes() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let task = Task {
                var last = fingerprint()
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let current = fingerprint()
                    if current != last {
                        last = current
                        continuation.yield()
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Count and newest modification time of the files: catches edits, additions and deletions.
    private func fingerprint() -> [Double] {
        directories.flatMap { directory -> [Double] in
            guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey]) else { return [0, 0] }
            var count = 0.0, newest = 0.0
            for case let url as URL in enumerator {
                count += 1
                let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)?.timeIntervalSince1970 ?? 0
                newest = max(newest, modified)
            }
            return [count, newest]
        }
    }
}
