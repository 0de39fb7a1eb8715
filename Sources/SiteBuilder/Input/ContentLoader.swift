import Foundation

/// Finds every Markdown file under `Content/` and reads it. Files are returned sorted by
/// path so that everything downstream sees the same order on every run.
struct ContentLoader {
    var contentDirectory: URL
    /// The prefix diagnostics show before a content path (`Content`).
    var displayPrefix: String

    func load() -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        for path in markdownPaths() {
            let display = displayPrefix + "/" + path
            let url = contentDirectory.appendingPathComponent(path)
            switch FileBytes.read(url.path) {
            case .success(let bytes):
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    diagnostics.append(.error("file is not valid UTF-8 text", at: SourceLocation(file: display)))
                    continue
                }
                files.append(SourceFile(contentPath: path, displayPath: display, text: text))
            case .failure(let failure):
                diagnostics.append(.error("cannot read file: \(failure.reason)", at: SourceLocation(file: display)))
            }
        }
        return (files, diagnostics)
    }

    private func markdownPaths() -> [String] {
        FileTree.relativeFilePaths(under: contentDirectory)
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(PolicyArchive.folder + "/") }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
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
