/// Stage 7: runs the link checker over every link of the site, each reported where it was written:
/// Markdown links at their line and column, `site.yml` links at their entry, template links in the template.
struct LinkAudit {
    var site: AssembledSite
    var checker: LinkChecker
    var templates: TemplateSet

    func run(templateLinks: [[String]]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for page in site.pages {
            for link in page.rendered?.links ?? [] where link.needsCheck {
                if case .broken(let message) = checker.check(link.url, written: link.written, onPage: page.url) {
                    diagnostics.append(.error(message, at: link.location))
                }
            }
        }
        let configLinks = site.config.navigation + site.config.footer
        for link in configLinks {
            if case .broken(let message) = checker.check(link.url, written: link.url, onPage: "/") {
                diagnostics.append(.error(message, at: link.location))
            }
        }
        // Template links repeat on every page that uses the template: report each once.
        let known = Set(configLinks.map(\.url))
        var reported: Set<String> = []
        for (page, links) in zip(site.pages, templateLinks) {
            for url in links where !known.contains(url) {
                guard case .broken(let message) = checker.check(url, written: url, onPage: page.url),
                      reported.insert(url).inserted else { continue }
                diagnostics.append(.error("\(message) (on \(page.url))", at: templates.location(of: url, preferring: page.layout)))
            }
        }
        return diagnostics
    }
}
