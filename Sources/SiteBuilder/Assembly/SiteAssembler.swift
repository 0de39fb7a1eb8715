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
    var aliases: [Alias]
    /// Section name → feed URL, for sections that have an Atom feed.
    var feeds: [String: String]
}

/// Turns the published pages into a site: adds the home, section and 404 pages the writers did not
/// write, orders section listings, chooses each page's template, and refuses two things at one URL.
struct SiteAssembler {
    var config: SiteConfig
    var data: SiteData
    var templates: TemplateSet

    func assemble(_ published: [Page]) -> (AssembledSite, [Diagnostic]) {
        var pages = published
        var diagnostics: [Diagnostic] = []

        addMissingIndexPages(to: &pages)
        pages.append(notFoundPage())

        let aliases = pages.flatMap { page in
            page.metadata.aliases.map { Alias(url: Self.normalizedAlias($0.url), target: page.url, location: $0.location) }
        }
        diagnostics += duplicateURLs(pages: pages, aliases: aliases)

        for index in pages.indices {
            switch chooseLayout(for: pages[index]) {
            // Assigned only when it differs: a write copies the page's fields (see `Page`).
            case .success(let layout): if pages[index].layout != layout { pages[index].layout = layout }
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        fillListings(&pages)

        let sections = Set(pages.map(\.section)).subtracting([""])
        var feeds: [String: String] = [:]
        for section in config.feeds where sections.contains(section) { feeds[section] = "/\(section)/feed.xml" }
        return (AssembledSite(config: config, data: data, pages: pages, aliases: aliases, feeds: feeds), diagnostics)
    }

    /// Every section gets an index page and the site a home page, even when no `_index.md` gives them text.
    private func addMissingIndexPages(to pages: inout [Page]) {
        let sections = Set(pages.filter { $0.kind == .page }.map(\.section)).subtracting([""])
        let existing = Set(pages.compactMap { page -> String? in
            if case .section(let name) = page.kind { return name } else { return nil }
        })
        for section in sections.subtracting(existing).sorted() {
            pages.append(generatedPage(.section(section), title: Self.title(forSection: section), url: "/\(section)/", section: section))
        }
        if !pages.contains(where: { $0.kind == .home }) {
            pages.append(generatedPage(.home, title: config.title, url: "/", section: ""))
        }
    }

    private func notFoundPage() -> Page {
        var page = generatedPage(.notFound, title: "Page not found", url: "/404.html", section: "")
        page.metadata.noindex = true
        return page
    }

    private func generatedPage(_ kind: Page.Kind, title: String, url: String, section: String) -> Page {
        let metadata = PageMetadata(title: title, description: nil, date: nil, updated: nil, effective: nil, draft: false, layout: nil,
                                    layoutLocation: nil, slug: nil, weight: nil, tags: [], aliases: [], noindex: false, params: [:])
        return Page(kind: kind, source: nil, metadata: metadata, body: "", bodyLineOffset: 0, url: url, section: section)
    }

    /// `blog` → `Blog`, `terms-of-service` → `Terms of service`.
    static func title(forSection section: String) -> String {
        let words = section.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// `/old-privacy` and `/old-privacy/` are the same old address.
    static func normalizedAlias(_ url: String) -> String {
        if url.hasSuffix("/") || url.split(separator: "/").last?.contains(".") == true { return url }
        return url + "/"
    }

    private func duplicateURLs(pages: [Page], aliases: [Alias]) -> [Diagnostic] {
        var owners: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        func claim(_ url: String, by description: String, at location: SourceLocation) {
            if let owner = owners[url] {
                diagnostics.append(.error("URL \(url) is already taken by \(owner)", at: location))
            } else {
                owners[url] = description
            }
        }
        for page in pages {
            let description = page.source.map { $0.displayPath }
                ?? (page.kind == .policyVersion ? "a version page of \(page.policy?.currentURL ?? page.url)" : "the generated index of '\(page.section)'")
            claim(page.url, by: description, at: page.location)
        }
        for alias in aliases {
            claim(alias.url, by: "an alias in \(alias.location.file)", at: alias.location)
        }
        return diagnostics
    }

    private func chooseLayout(for page: Page) -> Result<String, Diagnostic> {
        if let layout = page.metadata.layout {
            guard templates.has(layout) else {
                let known = templates.names.filter { !$0.contains("/") && $0 != "base" }.sorted().joined(separator: ", ")
                return .failure(.error("unknown layout '\(layout)': there is no Templates/\(layout).mustache (layouts: \(known))",
                                       at: page.metadata.layoutLocation ?? page.location))
            }
            return .success(layout)
        }
        let preferred: String?
        switch page.kind {
        case .page, .policyVersion: preferred = page.section.isEmpty ? nil : page.section
        case .home: preferred = "home"
        case .section: preferred = "section"
        case .notFound: preferred = "404"
        }
        if let preferred, templates.has(preferred) { return .success(preferred) }
        guard templates.has("page") else {
            return .failure(.error("no template for this page: add Templates/page.mustache", at: page.location))
        }
        return .success("page")
    }

    /// Section pages list their section's pages; the home page lists the top-level pages.
    private func fillListings(_ pages: inout [Page]) {
        var members: [String: [Int]] = [:]
        for (index, page) in pages.enumerated() where page.kind == .page {
            members[page.section, default: []].append(index)
        }
        for index in pages.indices {
            switch pages[index].kind {
            case .section(let name): pages[index].listing = Self.ordered(members[name] ?? [], in: pages)
            case .home: pages[index].listing = Self.ordered(members[""] ?? [], in: pages)
            default: break
            }
        }
    }

    /// By `weight` first (lightest first), then newest first, then by title, so the order never depends on chance.
    static func ordered(_ indexes: [Int], in pages: [Page]) -> [Int] {
        // The keys are read once per page, not once per comparison.
        let keys = indexes.map { index in
            (index: index, weight: pages[index].metadata.weight, date: pages[index].metadata.date,
             title: pages[index].metadata.title, url: pages[index].url)
        }
        return keys.sorted { a, b in
            switch (a.weight, b.weight) {
            case let (wa?, wb?) where wa != wb: return wa < wb
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            switch (a.date, b.date) {
            case let (da?, db?) where da != db: return da > db
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            if a.title != b.title { return a.title < b.title }
            return a.url < b.url
        }.map(\.index)
    }
}
