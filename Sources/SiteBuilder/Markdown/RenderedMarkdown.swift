import PigmentModel

/// One entry of a page's table of contents (h2, with its h3 children).
public struct TableOfContentsEntry: Sendable, Hashable {
    public var id: String
    public var title: String
    public var level: Int
    public var children: [TableOfContentsEntry]
}

/// A link or image source written in a page, kept to be checked once every page is known.
public struct LinkReference: Sendable, Hashable {
    /// The URL as it ends up in the HTML (after `.md` links are rewritten).
    public var url: String
    /// The URL as the writer typed it, for messages.
    public var written: String
    public var location: SourceLocation
    /// False when the Markdown stage already reported the link (a `.md` file that does not exist).
    public var needsCheck = true
}

/// What the Markdown stage makes of a page body.
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var tableOfContents: [TableOfContentsEntry]
    public var links: [LinkReference]
    public var diagnostics: [Diagnostic]
    /// A generated block was left out because its data file failed: the text is not what it should be,
    /// so nothing (a comparison with a released version) may judge it.
    public var lacksGeneratedBlocks = false
}
