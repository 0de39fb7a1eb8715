import PigmentModel

/// What a template sees of one page: `{{page.title}}`, and each entry of `{{#pages}}`. Each value is
/// made when a template asks for it: a section listing 2,000 pages asks each for two or three of its
/// sixteen, and making all of them (dates formatted three ways) took 15 ms of a 10,000-page rebuild.
struct PageTemplateValues: TemplateObject {
    let page: Page
    let baseURL: String
    /// Section name → feed URL (`AssembledSite.feeds`).
    let feeds: [String: String]
    /// Whether `content`, `toc` and `hasTOC` are there: a listing shows no page's text.
    let withContent: Bool

    func value(for key: String) -> TemplateData? {
        switch key {
        case "title": return .text(page.metadata.title)
        case "url": return .text(page.url)
        case "permalink": return .text(TemplateContext.permalink(page.url, baseURL: baseURL))
        case "section": return .text(page.section)
        case "description": return page.metadata.description.map(TemplateData.text)
        case "date": return page.metadata.date.map(DateTemplateValues.data)
        case "updated": return page.metadata.updated.map(DateTemplateValues.data)
        case "effective": return page.metadata.effective.map(DateTemplateValues.data)
        case "lastModified": return page.lastModified.map(DateTemplateValues.data)
        case "tags": return .list(page.metadata.tags.map(TemplateData.text))
        case "tagLinks": return .list(TagPages.links(page.metadata.tags).map { .dictionary($0.mapValues(TemplateData.text)) })
        case "hasTags": return .bool(!TagPages.links(page.metadata.tags).isEmpty)
        case "params": return .dictionary(page.metadata.params.mapValues(\.templateData))
        case "noindex": return .bool(page.metadata.noindex)
        case "isHome": return .bool(page.kind == .home)
        case "isNotFound": return .bool(page.kind == .notFound)
        case "feedURL": return feeds[page.section].map(TemplateData.text)
        case "policy": return page.policy.map { .object(PolicyTemplateValues(policy: $0, shownAt: page.url)) }
        case "content" where withContent: return page.rendered.map { .text($0.html) }
        case "toc" where withContent: return page.rendered.map { .list($0.tableOfContents.map(TableOfContentsTemplateValues.data)) }
        case "hasTOC" where withContent: return page.rendered.map { .bool(!$0.tableOfContents.isEmpty) }
        default: return nil
        }
    }
}

/// A date as templates see it: `{{date.iso}}`, `{{date.display}}`, `{{date.rfc3339}}`.
struct DateTemplateValues: TemplateObject {
    let date: SiteDate

    static func data(_ date: SiteDate) -> TemplateData { .object(DateTemplateValues(date: date)) }

    func value(for key: String) -> TemplateData? {
        switch key {
        case "iso": return .text(date.hasTime ? date.rfc3339 : date.isoDay)
        case "display": return .text(date.display)
        case "rfc3339": return .text(date.rfc3339)
        default: return nil
        }
    }
}
