import PigmentModel

/// `sitemap.xml`: every indexable page with its last change, sorted by URL for stable output.
enum Sitemap {
    static func xml(for site: AssembledSite, permalink: (String) -> String) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        let pages = site.pages.filter { $0.kind != .notFound && !$0.metadata.noindex }.sorted { $0.url < $1.url }
        for page in pages {
            xml += "  <url>\n    <loc>\(permalink(page.url).htmlEscaped)</loc>\n"
            if let lastModified = lastModified(of: page, in: site) {
                xml += "    <lastmod>\(lastModified.hasTime ? lastModified.rfc3339 : lastModified.isoDay)</lastmod>\n"
            }
            xml += "  </url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// Everything the sitemap shows of a site, for `pigment serve` to make it again only when this changes.
    struct Inputs: Equatable, Sendable {
        var baseURL: String
        var pages: [Page]

        static func == (a: Inputs, b: Inputs) -> Bool {
            a.baseURL == b.baseURL && Page.sameEach(a.pages, b.pages) { a, b in
                a.url == b.url && (a.kind == .notFound || a.metadata.noindex) == (b.kind == .notFound || b.metadata.noindex)
                    && a.lastModified == b.lastModified && a.listing == b.listing
            }
        }
    }

    /// A listing page changes when any page it lists does.
    static func lastModified(of page: Page, in site: AssembledSite) -> SiteDate? {
        ([page.lastModified] + page.listing.map { site.pages[$0].lastModified }).compactMap { $0 }.max()
    }
}
