import Foundation

/// An Atom feed of a section's newest pages (`/blog/feed.xml`), those in its folders too (`blog/2026/…`).
enum AtomFeed {
    static let entryLimit = 20

    /// The pages a section page lists, and those its folders' index pages list, at any depth.
    static func pages(under section: Page, in site: AssembledSite) -> [Int] {
        var pages = section.listing
        var pending = section.subsections
        // Bounded by the site: each index page lists only the folders directly inside its own.
        while let next = pending.popLast() {
            pages += site.pages[next].listing
            pending += site.pages[next].subsections
        }
        return pages
    }

    static func xml(section: String, feedURL: String, site: AssembledSite, permalink: (String) -> String) -> String? {
        guard let index = site.pages.first(where: { $0.kind == .section(section) }) else { return nil }
        // Newest first, then by URL; sorted by dates alone (URLs compared only on a tie), as a section's
        // thousands of pages made sorting pages themselves take several milliseconds a feed.
        let dated = pages(under: index, in: site).map { (index: $0, date: site.pages[$0].metadata.date?.date ?? .distantPast) }
        let entries = dated.sorted { a, b in
            a.date != b.date ? a.date > b.date : site.pages[b.index].url > site.pages[a.index].url
        }.prefix(entryLimit).map { site.pages[$0.index] }
        let updated = entries.compactMap(\.lastModified).max()?.rfc3339 ?? "1970-01-01T00:00:00Z"
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(site.config.language.htmlEscaped)">
          <title>\("\(index.metadata.title) · \(site.config.title)".htmlEscaped)</title>
          <link href="\(permalink(feedURL).htmlEscaped)" rel="self" type="application/atom+xml"/>
          <link href="\(permalink(index.url).htmlEscaped)" rel="alternate" type="text/html"/>
          <id>\(permalink(index.url).htmlEscaped)</id>
          <updated>\(updated)</updated>

        """
        for page in entries {
            let link = permalink(page.url).htmlEscaped
            xml += "  <entry>\n    <title>\(page.metadata.title.htmlEscaped)</title>\n"
            xml += "    <link href=\"\(link)\" rel=\"alternate\" type=\"text/html\"/>\n    <id>\(link)</id>\n"
            if let date = page.metadata.date { xml += "    <published>\(date.rfc3339)</published>\n" }
            xml += "    <updated>\((page.lastModified?.rfc3339) ?? updated)</updated>\n"
            if let description = page.metadata.description { xml += "    <summary>\(description.htmlEscaped)</summary>\n" }
            if let html = page.rendered?.html {
                xml += "    <content type=\"html\">\(absolutize(html, permalink: permalink).htmlEscaped)</content>\n"
            }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }

    /// Feed readers show entries away from the site, so site-relative links must become absolute.
    static func absolutize(_ html: String, permalink: (String) -> String) -> String {
        let root = permalink("/")
        return html.replacingOccurrences(of: "href=\"/", with: "href=\"\(root)")
            .replacingOccurrences(of: "src=\"/", with: "src=\"\(root)")
            .replacingOccurrences(of: "=\"\(root)/", with: "=\"//") // undo for protocol-relative `//host`
    }
}
