import PigmentModel

/// What templates see. Dictionaries and arrays, because that is what Mustache walks, and a page's
/// values made as they are asked for (`PageTemplateValues`):
/// `{{site.title}}`, `{{page.title}}`, `{{{page.content}}}`, `{{#page.toc}}…{{/page.toc}}`, `{{#pages}}…{{/pages}}`.
struct TemplateContext: Sendable {
    var site: AssembledSite
    var baseURL: String
    /// Mustache needs plain dictionaries; converted once per page because `Any` cannot cross threads.
    private var dataValues: [String: Any] { site.data.templateValue }

    func values(for page: Page) -> [String: Any] {
        var values: [String: Any] = [
            "site": siteValues(current: page.url),
            "page": PageTemplateValues(page: page, baseURL: baseURL, feeds: site.feeds, withContent: true),
            "data": dataValues,
        ]
        if !page.listing.isEmpty {
            values["pages"] = page.listing.map { PageTemplateValues(page: site.pages[$0], baseURL: baseURL, feeds: site.feeds, withContent: false) }
        }
        if !page.subsections.isEmpty {
            values["subsections"] = page.subsections.map { PageTemplateValues(page: site.pages[$0], baseURL: baseURL, feeds: site.feeds, withContent: false) }
            values["hasSubsections"] = true
        }
        return values
    }

    /// The same for the page at `index` of the site, with the trail of pages above it (`breadcrumbs`).
    func values(forPageAt index: Int) -> [String: Any] {
        var values = values(for: site.pages[index])
        let trail = site.breadcrumbs(ofPageAt: index)
        if !trail.isEmpty {
            values["breadcrumbs"] = trail.map { PageTemplateValues(page: site.pages[$0], baseURL: baseURL, feeds: site.feeds, withContent: false) }
            values["hasBreadcrumbs"] = true
        }
        return values
    }

    func permalink(_ url: String) -> String {
        Self.permalink(url, baseURL: baseURL)
    }

    static func permalink(_ url: String, baseURL: String) -> String {
        baseURL + url.drop(while: { $0 == "/" })
    }

    private func siteValues(current url: String) -> [String: Any] {
        var values: [String: Any] = [
            "title": site.config.title,
            "baseURL": baseURL,
            "language": site.config.language,
            "navigation": site.config.navigation.map { link in
                ["title": link.title, "url": link.url, "current": Self.isCurrent(link.url, for: url)] as [String: Any]
            },
            "footer": site.config.footer.map { ["title": $0.title, "url": $0.url] },
            "params": site.config.params.mapValues(\.mustacheValue),
            "consent": SiteConfig.consentTemplateValue(endpoint: site.config.consentEndpoint),
        ]
        if let description = site.config.description { values["description"] = description }
        return values
    }

    /// The navigation entry for `/legal/` is current on `/legal/privacy/`; the home entry only on the home page.
    static func isCurrent(_ link: String, for url: String) -> Bool {
        link == "/" ? url == "/" : url.hasPrefix(link)
    }

    /// `page.policy`: `version`, `currentURL`, `isCurrent`, `isArchived`, `isInForce`, `isChanges`,
    /// `changesFrom`, `changedPassages` (with `changedPassagesSummary`, "3 passages changed", and
    /// `hasChangedPassages`: the first is at `#change-1`), `versions` (newest first: `version`, `url`, `changesURL`,
    /// `updated`, `isShown`) and `hasPreviousVersions`.
    static func policyValues(_ policy: PolicyInfo, shownAt url: String) -> [String: Any] {
        var values: [String: Any] = [
            "version": policy.version,
            "currentURL": policy.currentURL,
            "isCurrent": policy.kind == .current,
            "hasPreviousVersions": policy.versions.count > 1,
            "versions": policy.versions.map { entry in
                var value: [String: Any] = ["version": entry.version, "url": entry.url,
                                            "isShown": entry.url == url || (policy.kind == .current && entry.version == policy.version)]
                if let changes = entry.changesURL { value["changesURL"] = changes }
                if let updated = entry.updated { value["updated"] = DateTemplateValues(date: updated) }
                return value
            },
        ]
        switch policy.kind {
        case .current:
            break
        case .archived(let isInForce):
            values["isArchived"] = true
            values["isInForce"] = isInForce
        case .changes(let from, let passages):
            values["isChanges"] = true
            values["changesFrom"] = from
            values["changedPassages"] = passages
            values["hasChangedPassages"] = passages > 0
            values["changedPassagesSummary"] = passages == 1 ? "1 passage changed" : "\(passages == 0 ? "No" : String(passages)) passages changed"
        }
        return values
    }

    static func tocValues(_ entry: TableOfContentsEntry) -> [String: Any] {
        ["id": entry.id, "title": entry.title, "level": entry.level,
         "children": entry.children.map(tocValues), "hasChildren": !entry.children.isEmpty]
    }
}
