import Foundation

enum FileTree {
    /// Names left out: hidden ones, except `.well-known`.
    static func isHidden(_ name: some StringProtocol) -> Bool {
        name.hasPrefix(".") && name != ".well-known"
    }

    /// Every file below `directory` as a `/`-separated relative path, sorted.
    /// Hidden files and folders (`.DS_Store`, `.git`) are skipped, as editors leave them around;
    /// `.well-known` is not hidden on the web (`/.well-known/gpc.json`), so it is kept.
    /// A symbolic link counts as a file unless it leads to a folder, so a dangling one is
    /// reported as unreadable instead of silently ignored.
    ///
    /// Walks with `readdir` (`CLibrary.forEachEntry`) rather than `FileManager`'s enumerator, which
    /// stats and boxes every entry: on a 10,000-page site that was most of the time spent finding the files.
    static func relativeFilePaths(under directory: URL) -> [String] {
        var paths: [String] = []
        walk(directory.standardizedFileURL.path, prefix: "", into: &paths)
        return paths.sorted()
    }

    private static func walk(_ folder: String, prefix: String, into paths: inout [String]) {
        CLibrary.forEachEntry(in: folder) { name, kind in
            if isHidden(name) { return }
            switch kind {
            case .folder: walk(folder + "/" + name, prefix: prefix + name + "/", into: &paths)
            case .file: paths.append(prefix + name)
            case .linkToFolder: break
            }
        }
    }
}
