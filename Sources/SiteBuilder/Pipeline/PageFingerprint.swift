import Foundation

/// Everything a page's template sees, hashed: two builds that give a page the same fingerprint
/// render it to the same HTML, so `pigment serve` renders and writes only pages whose fingerprint changed.
///
/// A page's template sees the page itself, the pages it lists, the site file, and the data files its
/// layout (or a partial or parent of it) names: `{{data.consent.json}}` reads only `consent.yml`, so a
/// change to `subprocessors.yml` leaves pages with that layout alone. A bare `{{#data}}` reads them all.
struct PageFingerprints: Sendable {
    private let site: AssembledSite
    private let shared: Int
    private let pageDigests: [PageDigests]
    private let layouts: [String: Int]

    /// `pageDigests`: `PageDigests(of:)` of each page of the site, in order.
    init(site: AssembledSite, templates: TemplateSet, baseURL: String, pageDigests: [PageDigests]) {
        self.site = site
        var hasher = Hasher()
        hasher.combine(site.config)
        hasher.combine(baseURL)
        hasher.combine(site.feeds)
        shared = hasher.finalize()
        self.pageDigests = pageDigests
        let reads = TemplateReads(templates: templates)
        var layouts: [String: Int] = [:]
        for layout in Set(site.layouts) {
            var hasher = Hasher()
            let (sources, dataNames) = reads.closure(of: layout)
            hasher.combine(sources)
            if let dataNames {
                for name in dataNames.sorted() { hasher.combine(name); hasher.combine(site.data.digests[name]) }
            } else {
                hasher.combine(site.data.digests)
            }
            layouts[layout] = hasher.finalize()
        }
        self.layouts = layouts
    }

    func fingerprint(ofPageAt index: Int) -> Int {
        let page = site.pages[index]
        var hasher = Hasher()
        hasher.combine(shared)
        hasher.combine(pageDigests[index].own)
        hasher.combine(site.layouts[index])
        hasher.combine(layouts[site.layouts[index]])
        for listed in page.listing { hasher.combine(pageDigests[listed].listed) }
        for listed in page.subsections { hasher.combine(pageDigests[listed].listed) }
        // The trail above it: the titles of its folders' index pages (a few lookups, for pages in folders).
        for above in site.breadcrumbs(ofPageAt: index) { hasher.combine(pageDigests[above].listed) }
        return hasher.finalize()
    }
}

/// What one page contributes to fingerprints, a function of the page alone (so `BuildCache` keeps it by
/// the page's identity: hashing every page's strings took 18 ms of a 10,000-page rebuild).
struct PageDigests: Sendable {
    /// What the page shows of itself on its own page.
    var own: Int
    /// What a listing shows of it.
    var listed: Int

    init(of page: Page) {
        listed = Self.listedDigest(page)
        own = Self.ownDigest(page, listed: listed)
    }

    /// What a page shows of itself on its own page.
    private static func ownDigest(_ page: Page, listed: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(listed)
        hasher.combine(page.revision)
        // Old versions and "what changed" pages get their text from the archive, not from their revision.
        if page.policy != nil || page.revision == 0 { hasher.combine(page.rendered?.html) }
        return hasher.finalize()
    }

    /// What a listing shows of a page (`TemplateContext`'s page values without the content).
    private static func listedDigest(_ page: Page) -> Int {
        var hasher = Hasher()
        let metadata = page.metadata
        hasher.combine(page.kind)
        hasher.combine(page.url)
        hasher.combine(page.section)
        hasher.combine(page.folder)
        hasher.combine(page.policy)
        hasher.combine(metadata.title)
        hasher.combine(metadata.description)
        hasher.combine(metadata.date)
        hasher.combine(metadata.updated)
        hasher.combine(metadata.effective)
        hasher.combine(metadata.tags)
        hasher.combine(metadata.params)
        hasher.combine(metadata.noindex)
        return hasher.finalize()
    }
}

/// Which templates a layout renders through (its partials and parents, and theirs) and which data
/// files they name.
struct TemplateReads {
    private var sources: [String: String] = [:]

    init(templates: TemplateSet) {
        for (display, text) in templates.sources {
            sources[String(display.dropFirst("Templates/".count).dropLast(".mustache".count))] = text
        }
    }

    private static let dataUse = try! NSRegularExpression(pattern: #"\{\{\s*[#^/&{]?\s*data\b(?:\.([A-Za-z0-9_-]+))?"#)

    /// The texts of `layout` and every template it reaches, and the data files they name (nil: all of them).
    func closure(of layout: String) -> (sources: [String], dataNames: Set<String>?) {
        var seen: Set<String> = []
        var pending = [layout]
        var texts: [String] = []
        var dataNames: Set<String>? = []
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let text = sources[name] else { continue }
            texts.append(name + "\n" + text)
            let range = NSRange(text.startIndex..., in: text)
            for match in TemplateSet.reference.matches(in: text, range: range) {
                pending.append(String(text[Range(match.range(at: 1), in: text)!]))
            }
            for match in Self.dataUse.matches(in: text, range: range) {
                if let named = Range(match.range(at: 1), in: text) {
                    dataNames?.insert(String(text[named]))
                } else {
                    dataNames = nil
                }
            }
        }
        return (texts.sorted(), dataNames)
    }
}
