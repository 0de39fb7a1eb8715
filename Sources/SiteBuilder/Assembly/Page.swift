import PigmentModel

/// A page of the built site: a content file, or one the build makes (section index, home, 404).
public struct Page: Sendable {
    public enum Kind: Sendable, Hashable {
        case page
        case home
        /// The index of a folder of Content at any depth (`legal`, `policies/terms`), listing its pages
        /// and the folders in it.
        case section(String)
        case notFound
        /// An old version of a legal page, or the comparison of two (see `PolicyVersions`).
        case policyVersion
    }

    /// The page's fields, kept in one shared box: every stage copies pages, and a copy is then one
    /// reference count instead of thirty (a third of a rebuild's time went to copying pages). A change
    /// copies the box first when another page value shares it (copy-on-write), so pages stay values.
    /// Fields are read in place (`_read`), so `page.metadata.title` copies no metadata.
    struct Fields: Sendable {
        var kind: Kind
        var source: SourceFile?
        var metadata: PageMetadata
        var body: String
        var bodyLineOffset: Int
        var url: String
        /// Kept with `url` (see its setter): asked for several times per page by every build.
        var outputPath: String
        var section: String
        var folder: String
        var rendered: RenderedMarkdown?
        var listing: [Int] = []
        var subsections: [Int] = []
        var policy: PolicyInfo?
        var revision = 0
    }

    /// Unchecked: its one mutable field is written only through `fields()`, which copies the box first
    /// unless this page is its only owner, so no two threads ever write or read-while-writing one box.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    public init(kind: Kind, source: SourceFile?, metadata: PageMetadata, body: String, bodyLineOffset: Int, url: String, section: String,
                folder: String? = nil, rendered: RenderedMarkdown? = nil, policy: PolicyInfo? = nil) {
        storage = Storage(Fields(kind: kind, source: source, metadata: metadata, body: body, bodyLineOffset: bodyLineOffset,
                                 url: url, outputPath: PageURL.outputPath(for: url), section: section, folder: folder ?? section,
                                 rendered: rendered, policy: policy))
    }

    private mutating func fields() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    public var kind: Kind {
        _read { yield storage.fields.kind }
        _modify { let storage = fields(); yield &storage.fields.kind }
        set { fields().fields.kind = newValue }
    }
    /// The Markdown file the page was read from, without its text (see `PageReader`); nil for generated pages.
    public var source: SourceFile? {
        _read { yield storage.fields.source }
        _modify { let storage = fields(); yield &storage.fields.source }
        set { fields().fields.source = newValue }
    }
    public var metadata: PageMetadata {
        _read { yield storage.fields.metadata }
        _modify { let storage = fields(); yield &storage.fields.metadata }
        set { fields().fields.metadata = newValue }
    }
    public var body: String {
        _read { yield storage.fields.body }
        _modify { let storage = fields(); yield &storage.fields.body }
        set { fields().fields.body = newValue }
    }
    public var bodyLineOffset: Int {
        _read { yield storage.fields.bodyLineOffset }
        _modify { let storage = fields(); yield &storage.fields.bodyLineOffset }
        set { fields().fields.bodyLineOffset = newValue }
    }
    public var url: String {
        _read { yield storage.fields.url }
        set {
            let storage = fields()
            storage.fields.url = newValue
            storage.fields.outputPath = PageURL.outputPath(for: newValue)
        }
    }
    /// Top-level folder of the content file ("" for top-level pages): what chooses its layout and feed,
    /// as Hugo's `.Section`.
    public var section: String {
        _read { yield storage.fields.section }
        _modify { let storage = fields(); yield &storage.fields.section }
        set { fields().fields.section = newValue }
    }
    /// The folder of Content the page is in, at any depth (`policies/terms`; "" at the top); for a
    /// section page, the folder it indexes.
    public var folder: String {
        _read { yield storage.fields.folder }
        _modify { let storage = fields(); yield &storage.fields.folder }
        set { fields().fields.folder = newValue }
    }
    public var rendered: RenderedMarkdown? {
        _read { yield storage.fields.rendered }
        _modify { let storage = fields(); yield &storage.fields.rendered }
        set { fields().fields.rendered = newValue }
    }
    /// For home and section pages: the pages they list, in order (indexes into the site's pages).
    public var listing: [Int] {
        _read { yield storage.fields.listing }
        _modify { let storage = fields(); yield &storage.fields.listing }
        set { fields().fields.listing = newValue }
    }
    /// For home and section pages: the section pages of the folders directly inside theirs, in order.
    public var subsections: [Int] {
        _read { yield storage.fields.subsections }
        _modify { let storage = fields(); yield &storage.fields.subsections }
        set { fields().fields.subsections = newValue }
    }
    /// For legal pages and their versions: which version this is, and every other.
    public var policy: PolicyInfo? {
        _read { yield storage.fields.policy }
        _modify { let storage = fields(); yield &storage.fields.policy }
        set { fields().fields.policy = newValue }
    }
    /// With `pigment serve`'s cache: names the page's front matter and rendered Markdown as they are
    /// now, so equal revisions mean an unchanged page (0 without the cache).
    var revision: Int {
        _read { yield storage.fields.revision }
        _modify { let storage = fields(); yield &storage.fields.revision }
        set { fields().fields.revision = newValue }
    }

    /// Names this page value while it lives: a page not changed since is the same value (it shares its
    /// fields' box), and a changed copy is another. What a memo keyed by it keeps must keep the page too,
    /// so that the box, and with it the name, is not reused.
    var identity: ObjectIdentifier { ObjectIdentifier(storage) }

    /// Whether `a` and `b` hold the same pages in order, as `same` compares two pages; a page that is the
    /// very value it was (`identity`) counts as the same without being read, which keeps a pass over
    /// 10,000 unchanged pages from touching each one's fields.
    static func sameEach(_ a: [Page], _ b: [Page], by same: (Page, Page) -> Bool) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0].identity == b[$0].identity || same(a[$0], b[$0]) }
    }

    /// The file the page is written to, relative to the output folder: `legal/privacy/index.html`.
    var outputPath: String { storage.fields.outputPath }

    /// The date a reader and a sitemap should see as "last changed".
    var lastModified: SiteDate? { metadata.updated ?? metadata.date }

    /// Where errors about the page as a whole point.
    var location: SourceLocation {
        source.map { SourceLocation(file: $0.displayPath) } ?? SourceLocation(file: "(generated \(url))")
    }
}
