import PigmentModel

/// A text file of the site as read from disk.
public struct SourceFile: Sendable {
    /// Path relative to `Content/`, with `/` separators: `legal/privacy.md`.
    public var contentPath: String
    /// Path shown in diagnostics, relative to the site root: `Content/legal/privacy.md`.
    public var displayPath: String
    public var text: String

    public init(contentPath: String, displayPath: String, text: String) {
        self.contentPath = contentPath
        self.displayPath = displayPath
        self.text = text
    }

    func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }
}
