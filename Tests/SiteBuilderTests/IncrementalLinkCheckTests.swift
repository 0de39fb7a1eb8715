import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// With `pigment serve`'s cache, a page's link findings are kept while its links and their targets
/// stay the same; these edits change only a link's target, never the page that holds the link.
@Suite("Incremental link checks")
struct IncrementalLinkCheckTests {
    static func site() throws -> (TemporarySite, BuildCache) {
        let site = try TemporarySite([
            "Content/a.md": page("title: A", "[details](b.md#details) and [c](c.md) and [top](/b/#top)"),
            "Content/b.md": page("title: B", "## Details\n\nText."),
            "Content/c.md": page("title: C"),
        ])
        return (site, BuildCache())
    }

    @discardableResult
    static func build(_ site: TemporarySite, _ cache: BuildCache) throws(BuildFailure) -> BuildReport {
        var options = site.options()
        options.cache = cache
        return try buildSite(options)
    }

    @Test func anAnchorRemovedFromTheTargetIsReportedOnTheUnchangedPage() throws {
        let (site, cache) = try Self.site()
        try Self.build(site, cache)
        try site.write("Content/b.md", page("title: B", "## Other heading\n\nText."))
        do {
            try Self.build(site, cache)
            Issue.record("the build passed with a link to a removed anchor")
        } catch {
            #expect(error.lines == ["Content/a.md:4:1: error: link to missing anchor '#details' on /b/ (written 'b.md#details')"])
        }
        try site.write("Content/b.md", page("title: B", "## Details\n\nBack again."))
        #expect(throws: Never.self) { try Self.build(site, cache) }
    }

    @Test func aTargetPageRemovedIsReportedOnTheUnchangedPage() throws {
        let (site, cache) = try Self.site()
        try Self.build(site, cache)
        try site.remove("Content/c.md")
        do {
            try Self.build(site, cache)
            Issue.record("the build passed with a link to a removed page")
        } catch {
            #expect(error.lines == ["Content/a.md:4:29: error: link to missing file 'Content/c.md'"])
        }
    }

    @Test func aBrokenTemplateLinkIsReportedEveryRebuildNotOnlyTheFirst() throws {
        let (site, cache) = try Self.site()
        try Self.build(site, cache)
        try site.write("Templates/page.mustache", "{{<base}}{{$main}}<a href=\"/nowhere/\">x</a>{{{page.content}}}{{/main}}{{/base}}")
        for _ in 0..<2 {
            do {
                try Self.build(site, cache)
                Issue.record("the build passed with a broken template link")
            } catch {
                #expect(error.lines.count == 1)
                #expect(error.lines.first?.contains("link to missing page or file '/nowhere/'") == true, "\(error.lines)")
            }
        }
    }
}
