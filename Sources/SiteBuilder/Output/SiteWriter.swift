import Foundation
import PigmentModel

/// What writing one page found out, for the link check.
struct PageWriteResult: Sendable {
    /// Every `id` in the page's final HTML: the targets `#anchor` links may name.
    var ids: Set<String>
    /// Links the templates put on the page (navigation, stylesheets), as opposed to the content's own.
    var templateLinks: [String]
    var diagnostics: [Diagnostic]
}

/// Stages 5 and 6: pages through their templates, then the files the build generates, then `public/`,
/// each offered to the output folder as it is made (which stages it until the build is known good).
struct SiteWriter: Sendable {
    var site: AssembledSite
    var templates: TemplateSet
    var context: TemplateContext
    var output: OutputFolder

    /// Renders and writes the pages at `indexes` (of `site.pages`), in parallel; results in their order.
    func writePages(at indexes: [Int]) -> [PageWriteResult] {
        indexes.parallelMap { index in
            let page = site.pages[index]
            let html = templates.render(context.values(forPageAt: index), with: site.layouts[index])
            let failure = output.offer(html, at: page.outputPath)
            var result = Self.scan(html, of: page)
            if let failure { result.diagnostics.append(output.diagnostic(failure)) }
            return result
        }
    }

    /// What the link check needs of a page's final HTML: every id, and the links its template added
    /// (the content's own are checked where they were written).
    static func scan(_ html: String, of page: Page) -> PageWriteResult {
        let contentLinks = Set(page.rendered?.links.map(\.url) ?? [])
        var templateLinks: [String] = []
        var seen: Set<String> = []
        var ids: Set<String> = []
        for attribute in HTMLAttributeScanner.values(of: ["id", "name", "href", "src"], in: html) {
            if attribute.isAnchorTarget { ids.insert(attribute.value); continue }
            if attribute.name == "name" { continue }
            if !contentLinks.contains(attribute.value), seen.insert(attribute.value).inserted {
                templateLinks.append(attribute.value)
            }
        }
        return PageWriteResult(ids: ids, templateLinks: templateLinks, diagnostics: [])
    }

    /// The Atom feeds of those of `sections` that have one, by section name.
    func feeds(of sections: Set<String>) -> [(path: String, text: String)] {
        site.feeds.filter { sections.contains($0.key) }.sorted(by: { $0.key < $1.key }).compactMap { section, url in
            AtomFeed.xml(section: section, feedURL: url, site: site, permalink: context.permalink).map { (String(url.dropFirst()), $0) }
        }
    }

    func sitemap() -> String { Sitemap.xml(for: site, permalink: context.permalink) }

    /// Sitemap (made by the caller: `sitemap()`), robots.txt, feeds, alias redirects and the copy of
    /// `public/`; returns every file written.
    func writeGeneratedFiles(sitemap: String, publicDirectory: URL) -> (files: Set<String>, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: Set<String> = []
        let publicFiles = FileTree.relativeFilePaths(under: publicDirectory)
        // The pages a file of public/ would overwrite: looked up in the few public files, not in every page.
        let publicSet = Set(publicFiles)
        var pageOwners: [String: String] = [:]
        for page in site.pages where publicSet.contains(page.outputPath) && pageOwners[page.outputPath] == nil {
            pageOwners[page.outputPath] = page.location.file
        }

        var generated: [(path: String, text: String)] = [("sitemap.xml", sitemap)]
        // A hand-written public/robots.txt wins over the generated one.
        if !publicFiles.contains("robots.txt") {
            generated.append(("robots.txt", RobotsTxt.text(sitemapURL: context.permalink("/sitemap.xml"))))
        }
        generated += feeds(of: Set(site.feeds.keys))
        for alias in site.aliases {
            generated.append((PageURL.outputPath(for: alias.url),
                              AliasRedirect.html(target: alias.target, permalink: context.permalink(alias.target), language: site.config.language)))
        }
        for file in generated {
            if let failure = output.offer(file.text, at: file.path) { diagnostics.append(output.diagnostic(failure)) }
            files.insert(file.path)
        }

        for path in publicFiles {
            let display = "public/\(path)"
            if let owner = pageOwners[path] {
                diagnostics.append(.error("\(display) would overwrite the page built from \(owner)", at: SourceLocation(file: display)))
                continue
            }
            if files.contains(path) {
                diagnostics.append(.error("\(display) would overwrite the generated \(path)", at: SourceLocation(file: display)))
                continue
            }
            if let failure = output.offerCopy(of: publicDirectory.appendingPathComponent(path), at: path) {
                diagnostics.append(.error("cannot copy: \(failure.reason)", at: SourceLocation(file: display)))
            }
            files.insert(path)
        }
        return (files, diagnostics)
    }
}
