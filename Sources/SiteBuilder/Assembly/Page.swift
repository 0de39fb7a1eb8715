/// A page of the built site: a content file, or one the build makes (section index, home, 404).
public struct Page: Sendable {
    public enum Kind: Sendable, Hashable {
        case page
        case home
        /// The index of a section (`/legal/`), listing its pages.
        case section(String)
        case notFound
        /// An old version of a legal page, or the comparison of two (see `PolicyVersions`).
        case policyVersion
    }

    public var kind: Kind
    /// The Markdown file the page was read from, without its text (see `PageReader`); nil for generated pages.
    public var source: SourceFile?
    public var metadata: PageMetadata
    public var body: String
    public var bodyLineOffset: Int
    public var url: String
    /// Top-level folder of the content file ("" for top-level pages).
    public var section: String
    public var rendered: RenderedMarkdown?
    /// Template chosen for the page.
    public var layout: String = "page"
    /// For home and section pages: the pages they list, in order (indexes into the site's pages).
    public var listing: [Int] = []
    /// For legal pages and their versions: which version this is, and every other.
    public var policy: PolicyInfo?
    /// With `pigment serve`'s cache: names the page's front matter and rendered Markdown as they are
    /// now, so equal revisions mean an unchanged page (0 without the cache).
    var revision = 0

    var outputPath: String { PageURL.outputPath(for: url) }

    /// The date a reader and a sitemap should see as "last changed".
    var lastModified: SiteDate? { metadata.updated ?? metadata.date }

    /// Where errors about the page as a whole point.
    var location: SourceLocation {
        source.map { SourceLocation(file: $0.displayPath) } ?? SourceLocation(file: "(generated \(url))")
    }
}
