import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum FileTree {
    /// Every file below `directory` as a `/`-separated relative path, sorted.
    /// Hidden files and folders (`.DS_Store`, `.git`) are skipped, as editors leave them around;
    /// `.well-known` is not hidden on the web (`/.well-known/gpc.json`), so it is kept.
    /// A symbolic link counts as a file unless it leads to a folder, so a dangling one is
    /// reported as unreadable instead of silently ignored.
    ///
    /// Walks with `readdir` rather than `FileManager`'s enumerator, which stats and boxes every
    /// entry: on a 10,000-page site that was most of the time spent finding the files.
    /// Names left out: hidden ones, except `.well-known`.
    static func isHidden(_ name: some StringProtocol) -> Bool {
        name.hasPrefix(".") && name != ".well-known"
    }

    static func relativeFilePaths(under directory: URL) -> [String] {
        var paths: [String] = []
        walk(directory.standardizedFileURL.path, prefix: "", into: &paths)
        return paths.sorted()
    }

    private static func walk(_ folder: String, prefix: String, into paths: inout [String]) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            // The name is read in place: the record may end before d_name's declared 256 bytes do.
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self))
            if isHidden(name) { continue }
            let full = folder + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                walk(full, prefix: prefix + name + "/", into: &paths)
            case Int32(DT_REG):
                paths.append(prefix + name)
            default:
                // A link, or a file system that does not say: ask stat where it leads.
                var info = stat()
                if stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    if Int32(entry.pointee.d_type) != Int32(DT_LNK) { walk(full, prefix: prefix + name + "/", into: &paths) }
                } else {
                    paths.append(prefix + name)
                }
            }
        }
    }
}
