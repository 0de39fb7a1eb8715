import Foundation
import Testing
@testable import SiteBuilder

@Suite("Generated files")
struct GeneratedFilesTests {
    @Test func sitemapListsIndexablePagesWithLastmod() throws {
        let site = try TemporarySite([
            "Content/index.md": page("title: Home"),
            "Content/legal/privacy.md": page("title: Privacy\ndate: 2026-01-10\nupdated: 2026-05-04"),
            "Content/legal/terms.md": page("title: Terms\ndate: 2026-02-01"),
        ])
        try site.build()
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        #expect(sitemap.contains("<loc>https://example.org/legal/privacy/</loc>\n    <lastmod>2026-05-04</lastmod>"))
        #expect(sitemap.contains("<loc>https://example.org/legal/terms/</loc>\n    <lastmod>2026-02-01</lastmod>"))
        // A section changes when its newest page does.
        #expect(sitemap.contains("<loc>https://example.org/legal/</loc>\n    <lastmod>2026-05-04</lastmod>"))
        #expect(!sitemap.contains("404"))
    }

    @Test func baseURLFlagOverridesTheSiteFile() throws {
        let site = try TemporarySite(["Content/index.md": page("title: Home")])
        try site.build(baseURL: "https://preview.example.net")
        #expect(try site.read("sitemap.xml").contains("<loc>https://preview.example.net/</loc>"))
        #expect(try site.read("robots.txt").contains("Sitemap: https://preview.example.net/sitemap.xml"))
    }

    @Test func robotsNamesTheSitemap() throws {
        let site = try TemporarySite(["Content/index.md": page("title: Home")])
        try site.build()
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n")
    }

    @Test func notFoundPageIsGenerated() throws {
        let site = try TemporarySite([
            "Templates/404.mustache": "{{<base}}{{$main}}<p>Nothing at this address.</p>{{/main}}{{/base}}",
            "Content/index.md": page("title: Home"),
        ])
        try site.build()
        #expect(try site.read("404.html").contains("<p>Nothing at this address.</p>"))
    }

    @Test func blogSectionHasAnAtomFeed() throws {
        let site = try TemporarySite([
            "Content/blog/first.md": page("title: First & best\ndate: 2026-03-01\ndescription: One", "A [link](/blog/second/)."),
            "Content/blog/second.md": page("title: Second\ndate: 2026-04-01T09:00:00Z"),
        ])
        try site.build()
        let feed = try site.read("blog/feed.xml")
        #expect(feed.contains(#"<feed xmlns="http://www.w3.org/2005/Atom""#))
        #expect(feed.contains(#"<link href="https://example.org/blog/feed.xml" rel="self" type="application/atom+xml"/>"#))
        #expect(feed.contains("<updated>2026-04-01T09:00:00Z</updated>"))
        #expect(feed.contains("<title>First &amp; best</title>"))
        #expect(feed.contains("<summary>One</summary>"))
        #expect(feed.contains("href=&quot;https://example.org/blog/second/&quot;"), "links in entries are absolute")
        let second = try #require(feed.range(of: "<title>Second</title>"))
        let first = try #require(feed.range(of: "<title>First &amp; best</title>"))
        #expect(second.lowerBound < first.lowerBound, "newest entry first")
    }

    @Test func aSectionsFeedHoldsThePostsInItsFoldersToo() throws {
        let site = try TemporarySite([
            "Content/blog/top.md": page("title: At the top\ndate: 2026-03-01"),
            "Content/blog/2026/may/deep.md": page("title: Two folders down\ndate: 2026-05-01"),
        ])
        try site.build()
        let feed = try site.read("blog/feed.xml")
        let deep = try #require(feed.range(of: "<title>Two folders down</title>"))
        let top = try #require(feed.range(of: "<title>At the top</title>"))
        #expect(deep.lowerBound < top.lowerBound, "newest entry first, wherever it sits")
    }

    @Test func aliasesRedirectToThePage() throws {
        let site = try TemporarySite([
            "Content/legal/privacy.md": page("title: Privacy\naliases: [/privacy/, /old/privacy.html]"),
            "Content/index.md": page("title: Home", "[old](/privacy/)"),
        ])
        try site.build()
        for path in ["privacy/index.html", "old/privacy.html"] {
            let html = try site.read(path)
            #expect(html.contains(#"<meta http-equiv="refresh" content="0; url=/legal/privacy/">"#))
            #expect(html.contains(#"<link rel="canonical" href="https://example.org/legal/privacy/">"#))
        }
    }
}
