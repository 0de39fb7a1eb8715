import Foundation

enum FileTree {
    /// Every file below `directory` as a `/`-separated relative path, sorted.
    /// Hidden files and folders (`.DS_Store`, `.git`) are skipped, as editors leave them around;
    /// `.well-known` is not hidden on the web (`/.well-known/gpc.json`), so it is kept.
    /// A symbolic link counts as a file unless it leads to a folder, so a dangling one is
    /// reported as unreadable instead of silently ignored.
    static func relativeFilePaths(under directory: URL) -> [String] {
        let root = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("."), name != ".well-known" {
                if type == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            switch type {
            case .typeRegular?:
                paths.append(path)
            case .typeSymbolicLink?:
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
                if !(exists && isDirectory.boolValue) { paths.append(path) }
            default:
                break
            }
        }
        return paths.sorted()
    }
}
