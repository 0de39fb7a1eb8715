import Foundation

/// What writing one page found out, for the link check.
struct PageWriteResult: Sendable {
    /// Every `id` in the page's final HTML: the targets `#anchor` links may name.
    var ids: Set<String>
    /// Links the templates put on the page (navigation, stylesheets), as opposed to the content's own.
    var templateLinks: [String]
    var diagnostics: [Diagnostic]
    /// With `pigment serve`'s cache: the page's fingerprint when it was rendered (see `PageFingerprints`).
    var fingerprint = 0
    /// The page was already served as it is: neither rendered nor written by this build.
    var reused = false
}

/// A page through its template: the HTML to publish (nil: the served file is already this page) and
/// what the link check needs of it.
struct RenderedPage: Sendable {
    var result: PageWriteResult
    var html: String?
}

/// Stages 5 and 6: pages through their templates, then the files the build generates, then `public/`.
/// Everything stays in memory until the build is known to be good (see `OutputFolder`).
struct SiteWriter: Sendable {
    var site: AssembledSite
    var templates: TemplateSet
    var context: TemplateContext
    /// `pigment serve`: pages whose fingerprint is the one already served are not rendered again.
    var cache: BuildCache?

    func renderPages() -> [RenderedPage] {
        let fingerprints = cache.map { _ in PageFingerprints(site: site, templates: templates, baseURL: context.baseURL) }
        return Array(site.pages.indices).parallelMap { index in
            let page = site.pages[index]
            let fingerprint = fingerprints?.fingerprint(ofPageAt: index) ?? 0
            if var served = cache?.writtenPage(at: page.outputPath), served.fingerprint == fingerprint {
                served.reused = true
                return RenderedPage(result: served, html: nil)
            }
            let html = templates.render(context.values(for: page), with: page.layout)
            let contentLinks = Set(page.rendered?.links.map(\.url) ?? [])
            var templateLinks: [String] = []
            var seen: Set<String> = []
            var ids: Set<String> = []
            for attribute in HTMLAttributeScanner.values(of: ["id", "href", "src"], in: html) {
                if attribute.isID { ids.insert(attribute.value); continue }
                if !contentLinks.contains(attribute.value), seen.insert(attribute.value).inserted {
                    templateLinks.append(attribute.value)
                }
            }
            return RenderedPage(result: PageWriteResult(ids: ids, templateLinks: templateLinks, diagnostics: [], fingerprint: fingerprint), html: html)
        }
    }

    /// Sitemap, robots.txt, feeds, alias redirects and the copy of `public/`.
    func generatedFiles(publicDirectory: URL) -> (files: [OutputFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [OutputFile] = []
        var paths: Set<String> = []
        let publicFiles = FileTree.relativeFilePaths(under: publicDirectory)
        let pageOwners = Dictionary(site.pages.map { ($0.outputPath, $0.location.file) }, uniquingKeysWith: { a, _ in a })

        var generated: [(path: String, text: String)] = [("sitemap.xml", Sitemap.xml(for: site, permalink: context.permalink))]
        // A hand-written public/robots.txt wins over the generated one.
        if !publicFiles.contains("robots.txt") {
            generated.append(("robots.txt", RobotsTxt.text(sitemapURL: context.permalink("/sitemap.xml"))))
        }
        for (section, url) in site.feeds.sorted(by: { $0.key < $1.key }) {
            if let xml = AtomFeed.xml(section: section, feedURL: url, site: site, permalink: context.permalink) {
                generated.append((String(url.dropFirst()), xml))
            }
        }
        for alias in site.aliases {
            generated.append((PageURL.outputPath(for: alias.url),
                              AliasRedirect.html(target: alias.target, permalink: context.permalink(alias.target), language: site.config.language)))
        }
        var indexByPath: [String: Int] = [:]
        for file in generated {
            let output = OutputFile(path: file.path, content: .text(file.text))
            if let index = indexByPath[file.path] { files[index] = output; continue }  // the last of a repeated path wins
            indexByPath[file.path] = files.count
            files.append(output)
            paths.insert(file.path)
        }

        for path in publicFiles {
            let display = "public/\(path)"
            if let owner = pageOwners[path] {
                diagnostics.append(.error("\(display) would overwrite the page built from \(owner)", at: SourceLocation(file: display)))
                continue
            }
            if paths.contains(path) {
                diagnostics.append(.error("\(display) would overwrite the generated \(path)", at: SourceLocation(file: display)))
                continue
            }
            paths.insert(path)
            files.append(OutputFile(path: path, content: .copy(of: publicDirectory.appendingPathComponent(path))))
        }
        return (files, diagnostics)
    }
}
