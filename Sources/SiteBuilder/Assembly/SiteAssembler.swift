import Foundation
import PigmentModel

/// An alias: an old URL that redirects to a page.
struct Alias: Equatable, Sendable {
    var url: String
    var target: String
    var location: SourceLocation
}

/// The whole site before templates: every page with its URL, layout and listing.
struct AssembledSite: Sendable {
    var config: SiteConfig
    var data: SiteData
    var pages: [Page]
    /// The template each page renders through, by the page's position: kept beside the pages, not in
    /// them, so that choosing it does not copy a page (and make it another value) on every build.
    var layouts: [String]
    var aliases: [Alias]
    /// Section name → feed URL, for sections that have an Atom feed.
    var feeds: [String: String]
    /// Folder → the pages above a page in it, from the home page down to the folder's own index (see
    /// `SiteAssembler.trails`). Asked by every page's fingerprint on every rebuild, so one lookup each.
    var trails: [String: [Int]] = [:]

    /// The pages above `pages[index]`, from the home page down to its folder's index; empty for a page
    /// at the top, the home page and a top-level section (a trail of one, "Home", says nothing).
    func breadcrumbs(ofPageAt index: Int) -> [Int] {
        let page = pages[index]
        switch page.kind {
        case .page: return page.folder.isEmpty ? [] : trails[page.folder] ?? []
        case .section(let folder):
            let above = PageURL.parentFolder(of: folder)
            return above.isEmpty ? [] : trails[above] ?? []
        case .home, .notFound, .policyVersion: return []
        }
    }
}

/// Turns the published pages into a site: adds the home, section and 404 pages the writers did not
/// write, orders section listings, chooses each page's template, and refuses two things at one URL.
struct SiteAssembler {
    var config: SiteConfig
    var data: SiteData
    var templates: TemplateSet
    /// Orders the pages the listing of a folder shows (indexes into the pages): `ordered(_:in:)`, or a
    /// memo around it, kept by the listing's folder.
    var order: (_ folder: String, _ members: [Int], _ pages: [Page]) -> [Int] = { SiteAssembler.ordered($1, in: $2) }

    func assemble(_ published: [Page]) -> (AssembledSite, [Diagnostic]) {
        var pages = published
        // What the steps below need of the pages, read in one pass: each pass over 10,000 pages fetches
        // every page from memory again, and five of them took 10 ms of a rebuild.
        var members: [String: [Int]] = [:]
        var sections: Set<String> = []
        var listingPages: [(index: Int, folder: String)] = []
        var existingIndexes: Set<String> = []
        var tagFolders = TagFolders()
        // Pages come in path order, so a folder's pages, and a section's, come in runs: each run is
        // gathered here and stored once, instead of hashing the folder's name for each of 10,000 pages.
        var run = FolderRun()
        var lastSection: String?
        for index in pages.indices {
            let page = pages[index]
            if page.section != lastSection {
                sections.insert(page.section)
                lastSection = page.section
            }
            switch page.kind {
            case .page:
                run.add(index, in: page.folder, to: &members)
                // Each tag's page lists the pages tagged with it (a page naming a tag twice is listed once).
                var listed: [String] = []
                for tag in page.metadata.tags {
                    guard let folder = tagFolders.folder(of: tag), !listed.contains(folder) else { continue }
                    listed.append(folder)
                    members[folder, default: []].append(index)
                }
            case .section(let folder): existingIndexes.insert(folder); listingPages.append((index, folder))
            case .home: listingPages.append((index, ""))
            case .notFound, .policyVersion: break
            }
        }
        run.end(in: &members)
        // Every folder gets an index page, at any depth and above every page (`/policies/` for
        // `policies/terms/a.md`), and the site a home page, even when no `_index.md` gives them text.
        var folders: Set<String> = []
        for folder in Set(members.keys).union(existingIndexes) {
            var folder = folder
            while !folder.isEmpty, folders.insert(folder).inserted { folder = PageURL.parentFolder(of: folder) }
        }
        for folder in folders.subtracting(existingIndexes).sorted() {
            listingPages.append((pages.count, folder))
            let name = String(folder.split(separator: "/").last!)
            var page = generatedPage(.section(folder), title: Self.title(forSection: name), url: "/\(folder)/",
                                     section: PageURL.section(of: folder + "/_index.md"), folder: folder)
            if PageURL.parentFolder(of: folder) == TagPages.folder { page.metadata.description = "Every page tagged \(name), newest first." }
            pages.append(page)
        }
        if !listingPages.contains(where: { $0.folder == "" && pages[$0.index].kind == .home }) {
            listingPages.append((pages.count, ""))
            pages.append(generatedPage(.home, title: config.title, url: "/", section: ""))
        }
        pages.append(notFoundPage())

        let aliases = pages.flatMap { page in
            page.metadata.aliases.map { Alias(url: $0.url, target: page.url, location: $0.location) }
        }
        // Two things at one URL are refused: pages first, in order, then aliases.
        var owners = URLOwners(capacity: pages.count + aliases.count)
        var duplicates: [Diagnostic] = [], layoutDiagnostics: [Diagnostic] = []
        var layouts: [String] = []
        layouts.reserveCapacity(pages.count)
        // A section's pages that name no layout all take the same one: chosen once per run of them.
        var lastChosen: (section: String, layout: String?)?
        for index in pages.indices {
            if let owner = owners.claim(pages[index].url, by: index) {
                duplicates.append(.error("URL \(pages[index].url) is already taken by \(Self.describe(owner, pages, aliases))", at: pages[index].location))
            }
            let byDefault = pages[index].kind == .page && pages[index].metadata.layout == nil
            let (layout, warning) = byDefault && lastChosen?.section == pages[index].section
                ? (lastChosen!.layout, nil) : chooseLayout(for: pages[index])
            if byDefault { lastChosen = (pages[index].section, layout) }
            if let warning { layoutDiagnostics.append(warning) }
            if layout == nil { layoutDiagnostics.append(.error("no template for this page: add Templates/page.mustache", at: pages[index].location)) }
            layouts.append(layout ?? "page")
        }
        for (index, alias) in aliases.enumerated() {
            if let owner = owners.claim(alias.url, by: pages.count + index) {
                duplicates.append(.error("URL \(alias.url) is already taken by \(Self.describe(owner, pages, aliases))", at: alias.location))
            }
        }

        // Section pages list their section's pages; the home page lists the top-level pages.
        var subsections: [String: [Int]] = [:]
        for listing in listingPages where !listing.folder.isEmpty {
            subsections[PageURL.parentFolder(of: listing.folder), default: []].append(listing.index)
        }
        var sectionPages: [String: Int] = [:]
        for listing in listingPages {
            pages[listing.index].listing = order(listing.folder, members[listing.folder] ?? [], pages)
            let inside = subsections[listing.folder].map { Self.ordered($0, in: pages) } ?? []
            if pages[listing.index].subsections != inside { pages[listing.index].subsections = inside }
            sectionPages[listing.folder] = sectionPages[listing.folder] ?? listing.index
        }
        let trails = Self.trails(sectionPages)

        var feeds: [String: String] = [:]
        for section in config.feeds where section != "" && sections.contains(section) { feeds[section] = "/\(section)/feed.xml" }
        return (AssembledSite(config: config, data: data, pages: pages, layouts: layouts, aliases: aliases, feeds: feeds,
                              trails: trails), duplicates + layoutDiagnostics)
    }

    /// The holder of a URL (a position in `URLOwners`), as a message names it.
    private static func describe(_ owner: Int, _ pages: [Page], _ aliases: [Alias]) -> String {
        guard owner < pages.count else { return "an alias in \(aliases[owner - pages.count].location.file)" }
        let page = pages[owner]
        return page.source.map { $0.displayPath }
            ?? (page.kind == .policyVersion ? "a version page of \(page.policy?.currentURL ?? page.url)" : "the generated index of '\(page.folder)'")
    }

    /// For each folder, the index pages from the home page down to its own: `policies/terms` →
    /// home, `/policies/`, `/policies/terms/`.
    static func trails(_ sectionPages: [String: Int]) -> [String: [Int]] {
        var trails: [String: [Int]] = [:]
        for folder in sectionPages.keys where !folder.isEmpty {
            var trail: [Int] = []
            var above = folder
            while true {
                if let position = sectionPages[above] { trail.append(position) }
                if above.isEmpty { break }
                above = PageURL.parentFolder(of: above)
            }
            trails[folder] = trail.reversed()
        }
        return trails
    }

    private func notFoundPage() -> Page {
        var page = generatedPage(.notFound, title: "Page not found", url: "/404.html", section: "")
        page.metadata.noindex = true
        return page
    }

    private func generatedPage(_ kind: Page.Kind, title: String, url: String, section: String, folder: String? = nil) -> Page {
        let metadata = PageMetadata(title: title, description: nil, date: nil, updated: nil, effective: nil, draft: false, layout: nil,
                                    layoutLocation: nil, slug: nil, weight: nil, tags: [], aliases: [], noindex: false, params: [:])
        return Page(kind: kind, source: nil, metadata: metadata, body: "", bodyLineOffset: 0, url: url, section: section, folder: folder)
    }

    /// `blog` → `Blog`, `terms-of-service` → `Terms of service`.
    static func title(forSection section: String) -> String {
        let words = section.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The layout a page names, else the one its kind and section choose. A layout named that does not
    /// exist is a warning, not an error: content written for Jekyll names `default` or `post` on every
    /// page, and the page is still best shown through the layout pigment would choose.
    private func chooseLayout(for page: Page) -> (layout: String?, warning: Diagnostic?) {
        var warning: Diagnostic?
        if let layout = page.metadata.layout {
            if templates.has(layout) { return (layout, nil) }
            let known = templates.names.filter { !$0.contains("/") && $0 != "base" }.sorted().joined(separator: ", ")
            let fallback = defaultLayout(for: page)
            warning = .warning("unknown layout '\(layout)': there is no Templates/\(layout).mustache (layouts: \(known))"
                               + (fallback.map { "; the page uses '\($0)'" } ?? ""),
                               at: page.metadata.layoutLocation ?? page.location)
        }
        return (defaultLayout(for: page), warning)
    }

    private func defaultLayout(for page: Page) -> String? {
        let preferred: String?
        switch page.kind {
        case .page, .policyVersion: preferred = page.section.isEmpty ? nil : page.section
        case .home: preferred = "home"
        case .section: preferred = "section"
        case .notFound: preferred = "404"
        }
        if let preferred, templates.has(preferred) { return preferred }
        return templates.has("page") ? "page" : nil
    }

    /// By `weight` first (lightest first), then newest first, then by title, so the order never depends on chance.
    static func ordered(_ indexes: [Int], in pages: [Page]) -> [Int] {
        // Sorted by keys without strings, read once per page: swapping keys that hold titles and URLs
        // (reference counted) made sorting five 2,000-page sections take 13 ms of a rebuild. Titles and
        // URLs are compared only between pages of the same weight and date.
        let keys = indexes.map { ListingKey(index: $0, page: pages[$0]) }
        return keys.sorted { $0.precedes($1, in: pages) }.map(\.index)
    }

    /// Whether `indexes` are already in the order `ordered` gives them (ties, as in its stable sort, in
    /// the order of the indexes): a listing's order from the last build usually still is after a title
    /// edit, and checking it takes one comparison per page where sorting 2,000 took 2–3 ms.
    static func isOrdered(_ indexes: [Int], in pages: [Page]) -> Bool {
        guard var previous = indexes.first.map({ ListingKey(index: $0, page: pages[$0]) }) else { return true }
        for index in indexes.dropFirst() {
            let key = ListingKey(index: index, page: pages[index])
            guard previous.precedes(key, in: pages) || (!key.precedes(previous, in: pages) && previous.index < key.index) else { return false }
            previous = key
        }
        return true
    }
}

/// What a listing is sorted by, without the strings: titles and URLs are read from the pages only to
/// break ties of weight and date.
private struct ListingKey {
    var index: Int
    var weight: Int?
    var date: SiteDate?

    init(index: Int, page: Page) {
        (self.index, weight, date) = (index, page.metadata.weight, page.metadata.date)
    }

    func precedes(_ other: ListingKey, in pages: [Page]) -> Bool {
        switch (weight, other.weight) {
        case let (a?, b?) where a != b: return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        switch (date, other.date) {
        case let (a?, b?) where a != b: return a > b
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        let (a, b) = (pages[index], pages[other.index])
        if a.metadata.title != b.metadata.title { return a.metadata.title < b.metadata.title }
        return a.url < b.url
    }
}

/// The pages of one folder met one after another, stored in the folder's members when the run ends.
private struct FolderRun {
    private var folder: String?
    private var indexes: [Int] = []

    mutating func add(_ index: Int, in folder: String, to members: inout [String: [Int]]) {
        if folder != self.folder { end(in: &members); self.folder = folder }
        indexes.append(index)
    }

    mutating func end(in members: inout [String: [Int]]) {
        guard let folder, !indexes.isEmpty else { return }
        members[folder, default: []].append(contentsOf: indexes)
        indexes.removeAll(keepingCapacity: true)
    }
}

/// Who holds each URL: a position among the site's pages, or past them among its aliases.
private struct URLOwners {
    private var owners: [String: Int] = [:]

    init(capacity: Int) { owners.reserveCapacity(capacity) }

    /// Gives `url` to `claimant` unless another holds it already; returns that other.
    mutating func claim(_ url: String, by claimant: Int) -> Int? {
        if let owner = owners[url] { return owner }
        owners[url] = claimant
        return nil
    }
}
