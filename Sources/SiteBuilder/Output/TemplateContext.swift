import PigmentModel

/// What templates see: `{{site.title}}`, `{{page.title}}`, `{{{page.content}}}`,
/// `{{#page.toc}}…{{/page.toc}}`, `{{#pages}}…{{/pages}}`, `{{#breadcrumbs}}`, `{{data.…}}`.
/// Typed values (`TemplateData`), each page's made as they are asked for (`PageTemplateValues`).
struct TemplateContext: Sendable {
    let site: AssembledSite
    let baseURL: String
    /// The data files as templates see them, made once for every page.
    private let dataValues: TemplateData

    init(site: AssembledSite, baseURL: String) {
        self.site = site
        self.baseURL = baseURL
        self.dataValues = site.data.templateValue
    }

    func values(for page: Page) -> [String: TemplateData] {
        var values: [String: TemplateData] = [
            "site": .object(SiteTemplateValues(config: site.config, baseURL: baseURL, currentURL: page.url)),
            "page": .object(PageTemplateValues(page: page, baseURL: baseURL, feeds: site.feeds, withContent: true)),
            "data": dataValues,
        ]
        if !page.listing.isEmpty {
            values["pages"] = .list(page.listing.map(listed))
        }
        if !page.subsections.isEmpty {
            values["subsections"] = .list(page.subsections.map(listed))
            values["hasSubsections"] = .bool(true)
        }
        return values
    }

    /// The same for the page at `index` of the site, with the trail of pages above it (`breadcrumbs`).
    func values(forPageAt index: Int) -> TemplateData {
        var values = values(for: site.pages[index])
        let trail = site.breadcrumbs(ofPageAt: index)
        if !trail.isEmpty {
            values["breadcrumbs"] = .list(trail.map(listed))
            values["hasBreadcrumbs"] = .bool(true)
        }
        return .dictionary(values)
    }

    /// A page as a listing shows it: without its text.
    private func listed(_ index: Int) -> TemplateData {
        .object(PageTemplateValues(page: site.pages[index], baseURL: baseURL, feeds: site.feeds, withContent: false))
    }

    func permalink(_ url: String) -> String {
        Self.permalink(url, baseURL: baseURL)
    }

    static func permalink(_ url: String, baseURL: String) -> String {
        baseURL + url.drop(while: { $0 == "/" })
    }

    /// The navigation entry for `/legal/` is current on `/legal/privacy/`; the home entry only on the home page.
    static func isCurrent(_ link: String, for url: String) -> Bool {
        link == "/" ? url == "/" : url.hasPrefix(link)
    }
}
