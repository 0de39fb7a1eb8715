import PigmentModel

/// What templates see. Plain dictionaries and arrays, because that is what Mustache walks:
/// `{{site.title}}`, `{{page.title}}`, `{{{page.content}}}`, `{{#page.toc}}…{{/page.toc}}`, `{{#pages}}…{{/pages}}`.
struct TemplateContext: Sendable {
    var site: AssembledSite
    var baseURL: String
    /// Mustache needs plain dictionaries; converted once per page because `Any` cannot cross threads.
    private var dataValues: [String: Any] { site.data.templateValue }

    func values(for page: Page) -> [String: Any] {
        var values: [String: Any] = [
            "site": siteValues(current: page.url),
            "page": pageValues(page, withContent: true),
            "data": dataValues,
        ]
        if !page.listing.isEmpty {
            values["pages"] = page.listing.map { pageValues(site.pages[$0], withContent: false) }
        }
        return values
    }

    func permalink(_ url: String) -> String {
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
        ]
        if let description = site.config.description { values["description"] = description }
        return values
    }

    /// The navigation entry for `/legal/` is current on `/legal/privacy/`; the home entry only on the home page.
    static func isCurrent(_ link: String, for url: String) -> Bool {
        link == "/" ? url == "/" : url.hasPrefix(link)
    }

    private func pageValues(_ page: Page, withContent: Bool) -> [String: Any] {
        let metadata = page.metadata
        var values: [String: Any] = [
            "title": metadata.title,
            "url": page.url,
            "permalink": permalink(page.url),
            "section": page.section,
            "tags": metadata.tags,
            "params": metadata.params.mapValues(\.mustacheValue),
            "noindex": metadata.noindex,
            "isHome": page.kind == .home,
            "isNotFound": page.kind == .notFound,
        ]
        if let description = metadata.description { values["description"] = description }
        if let date = metadata.date { values["date"] = Self.dateValues(date) }
        if let updated = metadata.updated { values["updated"] = Self.dateValues(updated) }
        if let effective = metadata.effective { values["effective"] = Self.dateValues(effective) }
        if let lastModified = page.lastModified { values["lastModified"] = Self.dateValues(lastModified) }
        if let feed = site.feeds[page.section] { values["feedURL"] = feed }
        if let policy = page.policy { values["policy"] = Self.policyValues(policy, shownAt: page.url) }
        if withContent, let rendered = page.rendered {
            values["content"] = rendered.html
            let toc = rendered.tableOfContents.map(Self.tocValues)
            values["toc"] = toc
            values["hasTOC"] = !toc.isEmpty
        }
        return values
    }

    /// `page.policy`: `version`, `currentURL`, `isCurrent`, `isArchived`, `isInForce`, `isChanges`,
    /// `changesFrom`, `changedPassages`, `versions` (newest first: `version`, `url`, `changesURL`,
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
                if let updated = entry.updated { value["updated"] = dateValues(updated) }
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
        }
        return values
    }

    static func dateValues(_ date: SiteDate) -> [String: Any] {
        ["iso": date.hasTime ? date.rfc3339 : date.isoDay, "display": date.display, "rfc3339": date.rfc3339]
    }

    static func tocValues(_ entry: TableOfContentsEntry) -> [String: Any] {
        ["id": entry.id, "title": entry.title, "level": entry.level,
         "children": entry.children.map(tocValues), "hasChildren": !entry.children.isEmpty]
    }
}
