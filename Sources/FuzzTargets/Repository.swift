import Foundation

/// The repository's root, found from this file: the targets use the site's own consent registry,
/// templates and data files, as the server and the build do.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
