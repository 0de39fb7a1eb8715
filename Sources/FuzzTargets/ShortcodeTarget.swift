import SiteBuilder

/// A page body through the shortcode pass as a build runs it: tags found outside code fences, the
/// Markdown parsed with tokens in their place, each call expanded through the site's own shortcode
/// templates and data files, headings given ids. Only crashes and hangs are findings here.
enum ShortcodeTarget {
    static let renderer: SiteBuilderFuzzing.PageRenderer = {
        let renderer = SiteBuilderFuzzing.PageRenderer(siteRoot: Repository.root, links: [
            "legal/privacy.md": "/legal/privacy/", "legal/cookies.md": "/legal/cookies/", "blog/_index.md": "/blog/",
        ], allowRawHTML: true)
        precondition(renderer.knowsShortcodes, "the shortcode target needs the repository's Templates/shortcodes and Content/data")
        return renderer
    }()

    static func run(_ bytes: UnsafeRawBufferPointer) {
        _ = renderer.render(body: String(decoding: bytes, as: UTF8.self), contentPath: "legal/fuzz.md")
    }
}
