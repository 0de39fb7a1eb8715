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

    /// A site whose unchanged page links by URL (not `.md`), so its Markdown is not rendered again when
    /// pages come and go: only the kept findings stand between an edit and a wrong answer.
    static func siteLinkingByURL() throws -> (TemporarySite, BuildCache) {
        let site = try TemporarySite([
            "Content/a.md": page("title: A", "[c](/c/), [moved](/old/#details), [style](/css/extra.css), [new](/new/)"),
            "Content/b.md": page("title: B\naliases: [/old/]", "## Details\n\nText."),
            "Content/c.md": page("title: C"),
            "Content/d.md": page("title: D"),
            "Content/new.md": page("title: New"),
            "public/css/extra.css": "p {}",
        ])
        return (site, BuildCache())
    }

    static func errors(_ site: TemporarySite, _ cache: BuildCache) -> [String] {
        do {
            try build(site, cache)
            return []
        } catch {
            return error.lines
        }
    }

    @Test func pagesComingAndGoingOneAfterAnotherStillLeaveALinkToAGonePageReported() throws {
        let (site, cache) = try Self.siteLinkingByURL()
        try Self.build(site, cache)
        try site.write("Content/e.md", page("title: E"))
        #expect(Self.errors(site, cache) == [])
        try site.remove("Content/d.md")
        #expect(Self.errors(site, cache) == [])
        try site.remove("Content/c.md")
        #expect(Self.errors(site, cache) == ["Content/a.md:4:1: error: link to missing page or file '/c/'"])
        try site.write("Content/c.md", page("title: C"))
        #expect(Self.errors(site, cache) == [])
    }

    @Test func aPageAddedWhereALinkLedNowhereMendsIt() throws {
        let (site, cache) = try Self.siteLinkingByURL()
        try site.remove("Content/new.md")
        #expect(Self.errors(site, cache) == ["Content/a.md:4:60: error: link to missing page or file '/new/'"])
        try site.write("Content/new.md", page("title: New"))
        #expect(Self.errors(site, cache) == [])
    }

    @Test func aFileOfPublicRemovedIsReportedOnTheUnchangedPage() throws {
        let (site, cache) = try Self.siteLinkingByURL()
        try Self.build(site, cache)
        try site.remove("public/css/extra.css")
        #expect(Self.errors(site, cache) == ["Content/a.md:4:35: error: link to missing page or file '/css/extra.css'"])
    }

    @Test func anAliasMovedToAnotherPageIsFollowedFromTheUnchangedPage() throws {
        let (site, cache) = try Self.siteLinkingByURL()
        try Self.build(site, cache)
        try site.write("Content/b.md", page("title: B", "## Details\n\nText."))
        try site.write("Content/c.md", page("title: C\naliases: [/old/]"))
        #expect(Self.errors(site, cache) == ["Content/a.md:4:11: error: link to missing anchor '#details' on /c/ (written '/old/#details')"])
    }
}
