import Foundation
import PigmentModel
import Synchronization

/// Where a build writes. Files are offered as they are made (in parallel) and staged in a folder
/// beside the output; nothing in the output changes before the build has finished without errors, so
/// a failed build leaves the last good site exactly as it was. Then:
/// - a new output folder: the staging folder, which holds the whole site, is renamed into place, so
///   the site appears complete;
/// - an existing one is updated in place, as Hugo does: only the files whose bytes changed were
///   staged, and each is renamed over its old version (a reader never sees half a file); files the
///   site no longer makes are removed; everything else is left alone, modification times included.
///   Creating and deleting files is the slowest part of a build on many disks, and a second build of
///   an unchanged site writes nothing.
///
/// Nothing is held in memory but the list of staged files.
final class OutputFolder: Sendable {
    /// What could not be written, and why.
    struct Failure: Error {
        /// The file, relative to the output folder ("" for the folder itself).
        var path: String
        var reason: String
    }

    /// The folder users serve (`_site`), or nil for `pigment check`, which writes nothing.
    let destination: URL?
    private let staging: URL?
    /// The staging folder, open: files are created relative to it (see `FileBytes.write(_:to:in:)`).
    private let stagingDescriptor: Int32
    /// Whether the destination existed when the build started: then only changed files are staged.
    private let updatesInPlace: Bool
    /// Changed files staged for an existing folder, by output path: their flat name in the staging folder.
    private let staged = Mutex(StagedNames())

    init(destination: URL?) throws(Failure) {
        self.destination = destination
        guard let destination else {
            staging = nil
            stagingDescriptor = -1
            updatesInPlace = false
            return
        }
        let manager = FileManager.default
        let staging = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).staging-\(CLibrary.processID)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: "", reason: ContentLoader.reason(error))
        }
        stagingDescriptor = CLibrary.openFolder(staging.path)
        guard stagingDescriptor >= 0 else {
            let failure = FileBytes.Failure.last
            try? manager.removeItem(at: staging)
            throw Failure(path: "", reason: failure.reason)
        }
        self.staging = staging
        updatesInPlace = manager.fileExists(atPath: destination.path)
    }

    /// A file of the site: staged when the output folder is new or holds something else at `path`.
    func offer(_ text: String, at path: String) -> Failure? {
        var text = text
        return text.withUTF8 { offer(UnsafeRawBufferPointer($0), at: path) }
    }

    /// A file of `public/`, copied as it is.
    func offerCopy(of source: URL, at path: String) -> Failure? {
        switch FileBytes.read(source.path) {
        case .success(let bytes): return bytes.withUnsafeBytes { offer($0, at: path) }
        case .failure(let failure): return Failure(path: path, reason: failure.reason)
        }
    }

    private func offer(_ bytes: UnsafeRawBufferPointer, at path: String) -> Failure? {
        guard let destination, staging != nil else { return nil }
        guard updatesInPlace else {
            return FileBytes.write(bytes, to: path, in: stagingDescriptor).map { Failure(path: path, reason: $0.reason) }
        }
        if FileBytes.holds(destination.path + "/" + path, exactly: bytes) { return nil }
        // Staged under a flat name: no folders to create now and none to remove afterwards.
        let name = staged.withLock { $0.name(for: path) }
        return FileBytes.write(bytes, to: name, in: stagingDescriptor).map { Failure(path: path, reason: $0.reason) }
    }

    /// Puts the build in place. `site`: every file of the new site, offered or kept as it was;
    /// `previous`: every file of the site before (nil: whatever the folder holds). Returns the paths
    /// that changed, for live reload.
    func publish(site: Set<String>, previous: Set<String>?) throws(Failure) -> [String] {
        guard let destination, let staging else { return [] }
        let manager = FileManager.default
        guard updatesInPlace else {
            do {
                try manager.moveItem(at: staging, to: destination)
            } catch {
                throw Failure(path: "", reason: ContentLoader.reason(error))
            }
            return site.sorted()
        }
        let root = destination.path + "/"
        var changed: [String] = []
        for (path, name) in staged.withLock({ $0.byPath }) {
            var moved = CLibrary.moveFile(staging.path + "/" + name, to: root + path)
            if !moved && FileBytes.Failure.last.isNoSuchFile {
                _ = FileBytes.makeFolders(upTo: root + path)
                moved = CLibrary.moveFile(staging.path + "/" + name, to: root + path)
            }
            guard moved else { throw Failure(path: path, reason: FileBytes.Failure.last.reason) }
            changed.append(path)
        }
        for path in (previous.map(Array.init) ?? FileTree.relativeFilePaths(under: destination)) where !site.contains(path) {
            guard CLibrary.removeFile(root + path) else {
                let failure = FileBytes.Failure.last
                if failure.isNoSuchFile { continue }
                throw Failure(path: path, reason: failure.reason)
            }
            changed.append(path)
            Self.removeEmptyFolders(above: path, in: root)
        }
        discard()
        return changed.sorted()
    }

    /// A failure as the build reports it, at the file in the output folder (`_site/about/index.html`).
    func diagnostic(_ failure: Failure) -> Diagnostic {
        let folder = destination?.lastPathComponent ?? "_site"
        return .error("cannot write \(failure.path.isEmpty ? "the output folder" : failure.path): \(failure.reason)",
                      at: SourceLocation(file: failure.path.isEmpty ? folder : folder + "/" + failure.path))
    }

    deinit {
        if stagingDescriptor >= 0 { _ = CLibrary.closeFile(stagingDescriptor) }
    }

    /// Throws the staged files away (after a failed build, or once published).
    func discard() {
        if let staging { try? FileManager.default.removeItem(at: staging) }
    }

    private struct StagedNames {
        var byPath: [String: String] = [:]
        var count = 0

        /// A new flat name: 1, 2, 3…
        mutating func name(for path: String) -> String {
            count += 1
            byPath[path] = String(count)
            return String(count)
        }
    }

    /// After a removal: the folders it leaves empty go too (`rmdir` refuses a folder that is not empty).
    private static func removeEmptyFolders(above path: String, in root: String) {
        var folder = ParentFolder.of(path)
        while !folder.isEmpty, CLibrary.removeFolderIfEmpty(root + folder) {
            folder = ParentFolder.of(folder)
        }
    }
}
