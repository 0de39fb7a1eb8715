import Crypto
import Foundation
import Synchronization

/// `pigment build --manifest FILE`: every file of the output folder after a build, with its size
/// and SHA-256, and whether the build added, changed or left it, plus the files it removed, so an
/// upload step sends only real changes and deletes what went. Deterministic: sorted by path, no
/// times, the same bytes for the same two folders.
public struct PublishManifest: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case added, changed, unchanged, removed }

    public struct Entry: Sendable, Equatable {
        public var path: String
        /// Nil for a removed file.
        public var size: Int?
        public var sha256: String?
        public var status: Status
    }

    public var files: [Entry]

    /// The files the output folder holds before the build (none when it does not exist yet).
    public static func filesBefore(_ output: URL) -> Set<String> {
        Set(FileTree.relativeFilePaths(under: output))
    }

    /// The manifest of `output` after a build that changed (wrote or removed) `changed`.
    public static func after(_ output: URL, before: Set<String>, changed: [String]) throws -> PublishManifest {
        let now = FileTree.relativeFilePaths(under: output)
        let changed = Set(changed)
        // Hashing is the cost (a 10,000-page site is ~100 MB): both cores take a share.
        let hashed = Mutex<[String: (Int, String)]>([:])
        let failure = Mutex<(String, String)?>(nil)
        DispatchQueue.concurrentPerform(iterations: now.count) { index in
            let path = now[index]
            switch FileBytes.read(output.path + "/" + path) {
            case .success(let bytes):
                let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
                hashed.withLock { $0[path] = (bytes.count, digest) }
            case .failure(let error):
                failure.withLock { $0 = (path, error.reason) }
            }
        }
        if let (path, reason) = failure.withLock({ $0 }) { throw Unreadable(path: path, reason: reason) }
        let sums = hashed.withLock { $0 }
        var files = now.map { path -> Entry in
            let status: Status = !before.contains(path) ? .added : changed.contains(path) ? .changed : .unchanged
            return Entry(path: path, size: sums[path]?.0, sha256: sums[path]?.1, status: status)
        }
        files += before.subtracting(now).map { Entry(path: $0, size: nil, sha256: nil, status: .removed) }
        return PublishManifest(files: files.sorted { $0.path < $1.path })
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot read \(path) for the manifest: \(reason)" }
    }

    public func count(_ status: Status) -> Int { files.filter { $0.status == status }.count }

    /// `{"files":[…],"summary":{…}}`, one file per line so a diff of two manifests reads well.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        func quoted(_ text: String) -> String { (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\"" }
        var text = "{\"files\":[\n"
        text += files.map { entry in
            let size = entry.size.map(String.init) ?? "null"
            let sha = entry.sha256.map(quoted) ?? "null"
            return "{\"path\":\(quoted(entry.path)),\"sha256\":\(sha),\"size\":\(size),\"status\":\"\(entry.status.rawValue)\"}"
        }.joined(separator: ",\n")
        text += "\n],\"summary\":{" + Status.allCases.map { "\"\($0.rawValue)\":\(count($0))" }.joined(separator: ",") + "}}\n"
        return text
    }
}
