import Foundation

/// Where a build writes. Everything goes into a staging folder beside the output; only a build
/// without errors swaps it into place, so a failed build leaves the last good site exactly as it was.
struct OutputFolder: Sendable {
    /// The folder users serve (`_site`), or nil for `pigment check`, which writes nothing.
    let destination: URL?
    let staging: URL?

    init(destination: URL?) throws {
        self.destination = destination
        guard let destination else { self.staging = nil; return }
        let parent = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).staging-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        self.staging = staging
    }

    /// Writes one file; returns a diagnostic instead of throwing so a full disk is reported like any other error.
    func write(_ text: String, to relativePath: String) -> Diagnostic? {
        guard let staging else { return nil }
        guard let failure = FileBytes.write(text, to: staging.path + "/" + relativePath) else { return nil }
        return .error("cannot write \(relativePath): \(failure.reason)", at: SourceLocation(file: relativePath))
    }

    /// Copies a file of `public/` as is.
    func copy(_ source: URL, to relativePath: String, display: String) -> Diagnostic? {
        guard let staging else { return nil }
        let url = staging.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: url)
            return nil
        } catch {
            return .error("cannot copy: \(ContentLoader.reason(error))", at: SourceLocation(file: display))
        }
    }

    /// Puts the staged site in place of the old one. The old folder is moved aside first and removed
    /// last, so at every moment one complete site exists on disk.
    func commit() throws {
        guard let destination, let staging else { return }
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) {
            let retired = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
            try? manager.removeItem(at: retired)
            try manager.moveItem(at: destination, to: retired)
            try manager.moveItem(at: staging, to: destination)
            try? manager.removeItem(at: retired)
        } else {
            try manager.moveItem(at: staging, to: destination)
        }
    }

    /// `pigment serve`: moves each new or changed file of the staging folder over the served one (a rename,
    /// so a request never sees half a file), leaves identical files untouched, and removes files that are
    /// not in `site` (the whole new site, staged or kept from before) but were in `previous` (the site before;
    /// nil: whatever the folder holds). Returns the paths that changed, so open tabs reload only when their page did.
    func update(site: Set<String>, previous: Set<String>?) throws -> [String] {
        guard let destination, let staging else { return [] }
        let manager = FileManager.default
        guard manager.fileExists(atPath: destination.path) else {
            try manager.moveItem(at: staging, to: destination)
            return FileTree.relativeFilePaths(under: destination)
        }
        var changed: [String] = []
        let staged = FileTree.relativeFilePaths(under: staging)
        for path in staged {
            let new = staging.appendingPathComponent(path), old = destination.appendingPathComponent(path)
            if let current = manager.contents(atPath: old.path), current == manager.contents(atPath: new.path) { continue }
            try manager.createDirectory(at: old.deletingLastPathComponent(), withIntermediateDirectories: true)
            if rename(new.path, old.path) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            changed.append(path)
        }
        for path in (previous.map(Array.init) ?? FileTree.relativeFilePaths(under: destination)) where !site.contains(path) {
            guard manager.fileExists(atPath: destination.appendingPathComponent(path).path) else { continue }
            try manager.removeItem(at: destination.appendingPathComponent(path))
            changed.append(path)
        }
        try? manager.removeItem(at: staging)
        return changed.sorted()
    }

    /// Throws the staged files away after a failed build.
    func discard() {
        if let staging { try? FileManager.default.removeItem(at: staging) }
    }
}
