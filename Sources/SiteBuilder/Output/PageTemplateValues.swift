import Mustache
import PigmentModel

/// What a template sees of one page: `{{page.title}}`, and each entry of `{{#pages}}`. Each value is
/// made when a template asks for it: a section listing 2,000 pages asks each for two or three of its
/// sixteen, and making all of them (dates formatted three ways) took 15 ms of a 10,000-page rebuild.
struct PageTemplateValues: MustacheParent {
    let page: Page
    let baseURL: String
    /// Section name → feed URL (`AssembledSite.feeds`).
    let feeds: [String: String]
    /// Whether `content`, `toc` and `hasTOC` are there: a listing shows no page's text.
    let withContent: Bool

    func child(named name: String) -> Any? {
        switch name {
        case "title": return page.metadata.title
        case "url": return page.url
        case "permalink": return TemplateContext.permalink(page.url, baseURL: baseURL)
        case "section": return page.section
        case "description": return page.metadata.description
        case "date": return page.metadata.date.map(DateTemplateValues.init)
        case "updated": return page.metadata.updated.map(DateTemplateValues.init)
        case "effective": return page.metadata.effective.map(DateTemplateValues.init)
        case "lastModified": return page.lastModified.map(DateTemplateValues.init)
        case "tags": return page.metadata.tags
        case "tagLinks": return TagPages.links(page.metadata.tags)
        case "hasTags": return !TagPages.links(page.metadata.tags).isEmpty
        case "params": return page.metadata.params.mapValues(\.mustacheValue)
        case "noindex": return page.metadata.noindex
        case "isHome": return page.kind == .home
        case "isNotFound": return page.kind == .notFound
        case "feedURL": return feeds[page.section]
        case "policy": return page.policy.map { TemplateContext.policyValues($0, shownAt: page.url) }
        case "content" where withContent: return page.rendered?.html
        case "toc" where withContent: return page.rendered.map { $0.tableOfContents.map(TemplateContext.tocValues) }
        case "hasTOC" where withContent: return page.rendered.map { !$0.tableOfContents.isEmpty }
        default: return nil
        }
    }
}

/// A date as templates see it: `{{date.iso}}`, `{{date.display}}`, `{{date.rfc3339}}`.
struct DateTemplateValues: MustacheParent {
    let date: SiteDate

    func child(named name: String) -> Any? {
        switch name {
        case "iso": return date.hasTime ? date.rfc3339 : date.isoDay
        case "display": return date.display
        case "rfc3339": return date.rfc3339
        default: return nil
        }
    }
}
