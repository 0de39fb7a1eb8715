import Foundation
import PigmentModel

/// Stage 7: runs the link checker over every link of the site, each reported where it was written:
/// Markdown links at their line and column, `site.yml` links at their entry, template links in the template.
struct LinkAudit: Sendable {
    var site: AssembledSite
    var checker: LinkChecker
    var templates: TemplateSet

    /// Every page's findings (in parallel), then the site's report of them.
    func run(templateLinks: [[String]]) -> [Diagnostic] {
        let absoluteAnswers = AbsoluteLinkAnswers(checker: checker)
        return report(Array(site.pages.indices).parallelMap { index in
            findings(ofPageAt: index, templateLinks: templateLinks[index], absoluteAnswers: absoluteAnswers)
        })
    }

    /// The diagnostics of every page's findings (in the order of `site.pages`), with `site.yml`'s links.
    func report(_ pageFindings: [PageLinkFindings]) -> [Diagnostic] {
        var diagnostics = pageFindings.flatMap(\.diagnostics)
        let configLinks = site.config.navigation + site.config.footer
        for link in configLinks {
            if case .broken(let message) = checker.check(link.url, written: link.url, onPage: "/") {
                diagnostics.append(.error(message, at: link.location))
            }
        }
        // Template links repeat on every page that uses the template: each is reported once, on the
        // first page where it is broken; links from site.yml were reported above.
        let known = Set(configLinks.map(\.url))
        var reported: Set<String> = []
        for (index, found) in pageFindings.enumerated() {
            for broken in found.brokenTemplateLinks where !known.contains(broken.url) && reported.insert(broken.url).inserted {
                diagnostics.append(.error("\(broken.message) (on \(site.pages[index].url))",
                                          at: templates.location(of: broken.url, preferring: site.layouts[index])))
            }
        }
        return diagnostics
    }

    /// What checking one page's own links and its template links finds.
    func findings(ofPageAt index: Int, templateLinks: [String], absoluteAnswers: AbsoluteLinkAnswers) -> PageLinkFindings {
        check(site.pages[index], templateLinks: templateLinks, absoluteAnswers: absoluteAnswers)
    }

    private func check(_ page: Page, templateLinks: [String], absoluteAnswers: AbsoluteLinkAnswers) -> PageLinkFindings {
        var found = PageLinkFindings()
        for link in page.rendered?.links ?? [] where link.needsCheck {
            var anchorPage: String?, basis: LinkChecker.Basis?
            let outcome = checker.check(link.url, written: link.written, onPage: page.url, anchorPage: &anchorPage, basis: &basis)
            found.note(anchorPage, basis, checker: checker)
            if case .broken(let message) = outcome { found.diagnostics.append(.error(message, at: link.location)) }
        }
        for url in templateLinks {
            var anchorPage: String?, basis: LinkChecker.Basis?
            // An absolute link means the same on every page: checked once per build.
            let outcome = url.hasPrefix("/") ? absoluteAnswers.answer(for: url, anchorPage: &anchorPage, basis: &basis)
                : checker.check(url, written: url, onPage: page.url, anchorPage: &anchorPage, basis: &basis)
            found.note(anchorPage, basis, checker: checker)
            if case .broken(let message) = outcome { found.brokenTemplateLinks.append((url, message)) }
        }
        return found
    }
}

/// What checking one page's links found.
struct PageLinkFindings: Sendable {
    /// Errors at the page's own (Markdown) links.
    var diagnostics: [Diagnostic] = []
    /// Links its template put on it that lead nowhere, with the checker's message.
    var brokenTemplateLinks: [(url: String, message: String)] = []
    /// Pages whose ids an `#anchor` answer depended on, with those ids hashed as they were.
    var anchorDependencies: [(page: String, idsDigest: Int)] = []
    /// What each link that leads somewhere leads to (see `LinkChecker.Basis`).
    var bases: [LinkChecker.Basis] = []

    /// Whether every link leads somewhere.
    var isClean: Bool { diagnostics.isEmpty && brokenTemplateLinks.isEmpty }

    mutating func note(_ anchorPage: String?, _ basis: LinkChecker.Basis?, checker: LinkChecker) {
        if let anchorPage { anchorDependencies.append((anchorPage, checker.idsDigest(of: anchorPage))) }
        if let basis { bases.append(basis) }
    }
}
