import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file of the built site, held in memory until the whole build is known to be good.
struct OutputFile: Sendable {
    enum Content: Sendable {
        case text(String)
        /// A file of `public/`, copied as it is.
        case copy(of: URL)
    }

    var path: String
    var content: Content
}

/// Where a build publishes. Nothing is written before the build has finished without errors, so a
/// failed build leaves the last good site exactly as it was. Then:
/// - a new output folder is written whole into a staging folder beside it and renamed into place,
///   so it appears complete;
/// - an existing one is updated in place, as Hugo does: a file is rewritten only when its bytes
///   changed (a temporary file renamed over it, so a reader never sees half a file), files the site
///   no longer makes are removed, and the rest is left alone, modification times included. Creating
///   and deleting files is the slowest part of a build on most disks, and a second build of an
///   unchanged site then writes nothing.
struct OutputFolder: Sendable {
    /// What could not be written, and why.
    struct Failure: Error {
        /// The file or folder, relative to the output folder ("" for the folder itself).
        var path: String
        var reason: String
    }

    /// The folder users serve (`_site`), or nil for `pigment check`, which writes nothing.
    let destination: URL?

    /// Publishes `files`. `kept`: files of the site this build did not make again because the folder
    /// already holds them (`pigment serve`'s unchanged pages). `previous`: every file of the site before
    /// (nil: whatever the folder holds). Returns the paths that changed, for live reload.
    func publish(_ files: [OutputFile], keeping kept: Set<String> = [], previous: Set<String>? = nil) throws(Failure) -> [String] {
        guard let destination else { return [] }
        let manager = FileManager.default
        guard manager.fileExists(atPath: destination.path) else {
            try writeNewFolder(files)
            return files.map(\.path).sorted()
        }
        let root = destination.path + "/"
        let outcomes = files.parallelMap { file -> Result<String?, Failure> in
            Result { () throws(Failure) -> String? in
                do throws(FileBytes.Failure) {
                    return try Self.replaceIfChanged(root + file.path, with: file.content) ? file.path : nil
                } catch {
                    throw Failure(path: file.path, reason: error.reason)
                }
            }
        }
        var changed: [String] = []
        for outcome in outcomes {
            if let path = try outcome.get() { changed.append(path) }
        }
        let site = Set(files.map(\.path)).union(kept)
        for path in (previous.map(Array.init) ?? FileTree.relativeFilePaths(under: destination)) where !site.contains(path) {
            guard unlink(root + path) == 0 else {
                if errno == ENOENT { continue }
                throw Failure(path: path, reason: FileBytes.Failure(code: errno).reason)
            }
            changed.append(path)
            Self.removeEmptyFolders(above: path, in: root)
        }
        return changed.sorted()
    }

    /// The first build: everything into a staging folder, then one rename, so the folder appears whole.
    private func writeNewFolder(_ files: [OutputFile]) throws(Failure) {
        guard let destination else { return }
        let manager = FileManager.default
        let staging = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).staging-\(getpid())")
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: "", reason: ContentLoader.reason(error))
        }
        let root = staging.path + "/"
        let failures = files.parallelMap { file -> Failure? in
            do throws(FileBytes.Failure) {
                try Self.write(file.content, to: root + file.path)
                return nil
            } catch {
                return Failure(path: file.path, reason: error.reason)
            }
        }
        do {
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
            try manager.moveItem(at: staging, to: destination)
        } catch {
            try? manager.removeItem(at: staging)
            throw error as? Failure ?? Failure(path: "", reason: ContentLoader.reason(error))
        }
    }

    /// Whether the file had to be written: it was missing or its bytes differ.
    private static func replaceIfChanged(_ path: String, with content: OutputFile.Content) throws(FileBytes.Failure) -> Bool {
        switch content {
        case .text(let text):
            var text = text
            let unchanged = text.withUTF8 { FileBytes.holds(path, exactly: UnsafeRawBufferPointer($0)) }
            if unchanged { return false }
        case .copy(let source):
            let bytes = try FileBytes.read(source.path).get()
            if bytes.withUnsafeBytes({ FileBytes.holds(path, exactly: $0) }) { return false }
        }
        // Written beside the old file, then renamed over it: the switch is atomic.
        let temporary = (path as NSString).deletingLastPathComponent + "/.pigment-\(getpid())-" + (path as NSString).lastPathComponent
        try write(content, to: temporary)
        guard rename(temporary, path) == 0 else {
            let failure = FileBytes.Failure(code: errno)
            unlink(temporary)
            throw failure
        }
        return true
    }

    private static func write(_ content: OutputFile.Content, to path: String) throws(FileBytes.Failure) {
        let failure: FileBytes.Failure?
        switch content {
        case .text(let text):
            failure = FileBytes.write(text, to: path)
        case .copy(let source):
            let bytes = try FileBytes.read(source.path).get()
            failure = bytes.withUnsafeBytes { FileBytes.write($0, to: path) }
        }
        if let failure { throw failure }
    }

    /// After a removal: the folders it leaves empty go too (`rmdir` refuses a folder that is not empty).
    private static func removeEmptyFolders(above path: String, in root: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty, rmdir(root + folder) == 0 {
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
