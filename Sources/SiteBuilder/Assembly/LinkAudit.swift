/// Stage 7: runs the link checker over every link of the site, each reported where it was written:
/// Markdown links at their line and column, `site.yml` links at their entry, template links in the template.
struct LinkAudit {
    var site: AssembledSite
    var checker: LinkChecker
    var templates: TemplateSet

    func run(templateLinks: [[String]]) -> [Diagnostic] {
        // Pages are checked in parallel; each page's findings keep their order.
        var diagnostics: [Diagnostic] = site.pages.parallelMap { page in
            (page.rendered?.links ?? []).compactMap { link -> Diagnostic? in
                guard link.needsCheck, case .broken(let message) = checker.check(link.url, written: link.written, onPage: page.url)
                else { return nil }
                return .error(message, at: link.location)
            }
        }.flatMap { $0 }
        let configLinks = site.config.navigation + site.config.footer
        for link in configLinks {
            if case .broken(let message) = checker.check(link.url, written: link.url, onPage: "/") {
                diagnostics.append(.error(message, at: link.location))
            }
        }
        // Template links repeat on every page that uses the template: report each once. An absolute
        // link means the same on every page, so it is checked once too.
        let known = Set(configLinks.map(\.url))
        var reported: Set<String> = []
        var checkedAbsolute: Set<String> = []
        for (page, links) in zip(site.pages, templateLinks) {
            for url in links where !known.contains(url) {
                if url.hasPrefix("/"), !checkedAbsolute.insert(url).inserted { continue }
                guard case .broken(let message) = checker.check(url, written: url, onPage: page.url),
                      reported.insert(url).inserted else { continue }
                diagnostics.append(.error("\(message) (on \(page.url))", at: templates.location(of: url, preferring: page.layout)))
            }
        }
        return diagnostics
    }
}
