import Foundation
import PigmentModel

/// Finds every Markdown file under `Content/` and reads it. Files are returned sorted by
/// path so that everything downstream sees the same order on every run.
struct ContentLoader {
    var contentDirectory: URL
    /// The prefix diagnostics show before a content path (`Content`).
    var displayPrefix: String

    func load() -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        // Read in parallel: checking that each file is UTF-8 costs as much as reading it.
        for result in markdownPaths().parallelMap(read) {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (files, diagnostics)
    }

    /// One content file (`legal/privacy.md`).
    func read(_ path: String) -> Result<SourceFile, Diagnostic> {
        let display = displayPrefix + "/" + path
        switch FileBytes.read(contentDirectory.appendingPathComponent(path).path) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(.error("file is not valid UTF-8 text", at: SourceLocation(file: display)))
            }
            return .success(SourceFile(contentPath: path, displayPath: display, text: text))
        case .failure(let failure):
            return .failure(.error("cannot read file: \(failure.reason)", at: SourceLocation(file: display)))
        }
    }

    func markdownPaths() -> [String] {
        FileTree.relativeFilePaths(under: contentDirectory).filter(isMarkdownOfPage)
    }

    /// Whether a path the watcher names below `Content/` is a page's Markdown: not hidden (as
    /// `FileTree` leaves out) and not the policy archive's.
    func isPage(_ path: String) -> Bool {
        isMarkdownOfPage(path) && !path.split(separator: "/").contains(where: FileTree.isHidden)
    }

    private func isMarkdownOfPage(_ path: String) -> Bool {
        path.hasSuffix(".md") && !path.hasPrefix(PolicyArchive.folder + "/")
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return CLibrary.message(for: code.rawValue)
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "No such file or directory"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "Permission denied"
            case NSFileWriteOutOfSpaceError: return "No space left on device"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
