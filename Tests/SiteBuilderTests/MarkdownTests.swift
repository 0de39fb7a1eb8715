import Foundation
import Testing
@testable import SiteBuilder

@Suite("Markdown")
struct MarkdownTests {
    @Test func headingsGetStableUniqueIDs() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", """
            ## Data Collection
            ## Don't sell my data
            ## Data Collection
            ### `cookies` & *more*
            """)])
        try site.build()
        let html = try site.read("p/index.html")
        #expect(html.contains(#"<h2 id="data-collection">Data Collection</h2>"#))
        #expect(html.contains(#"<h2 id="dont-sell-my-data">Don’t sell my data</h2>"#))
        #expect(html.contains(#"<h2 id="data-collection-1">Data Collection</h2>"#))
        #expect(html.contains(#"<h3 id="cookies-more"><code>cookies</code> &amp; <em>more</em></h3>"#))
    }

    @Test func tableOfContentsNestsH3UnderH2() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": """
                {{<base}}{{$main}}<nav>{{#page.toc}}[{{id}}:{{title}}{{#children}}({{id}}){{/children}}]{{/page.toc}}</nav>{{/main}}{{/base}}
                """,
            "Content/p.md": page("title: P", "# Top\n## One\n### One A\n### One B\n## Two\n#### Deep\n"),
        ])
        try site.build()
        #expect(try site.read("p/index.html").contains("<nav>[one:One(one-a)(one-b)][two:Two]</nav>"))
    }

    @Test func linksToMarkdownFilesBecomePageURLs() throws {
        let site = try TemporarySite([
            "Content/legal/terms.md": page("title: Terms", "See [privacy](privacy.md#cookies), [home](../index.md) and [root](/legal/privacy.md)."),
            "Content/legal/privacy.md": page("title: Privacy", "## Cookies"),
            "Content/index.md": page("title: Home"),
        ])
        try site.build()
        let html = try site.read("legal/terms/index.html")
        #expect(html.contains(#"<a href="/legal/privacy/#cookies">privacy</a>"#))
        #expect(html.contains(#"<a href="/">home</a>"#))
        #expect(html.contains(#"<a href="/legal/privacy/">root</a>"#))
    }

    @Test func rawHTMLIsOmittedByDefaultWithAWarning() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", "Text\n\n<div class=\"x\">raw</div>\n")])
        let report = try site.build()
        #expect(!(try site.read("p/index.html").contains("<div class=\"x\">")))
        #expect(report.diagnostics.map(\.description) == [
            "Content/p.md:6:1: warning: raw HTML is omitted from the page: 1 element; allow it with 'markdown: {unsafe: true}' in Content/site.yml",
        ])
    }

    @Test func rawHTMLPassesWhenTheSiteAllowsIt() throws {
        let site = try TemporarySite([
            "Content/site.yml": "title: T\nbaseURL: https://example.org/\nmarkdown:\n  unsafe: true\n",
            "Content/p.md": page("title: P", "<table><tr><td>Cell</td></tr></table>\n"),
        ])
        let report = try site.build()
        #expect(try site.read("p/index.html").contains("<table><tr><td>Cell</td></tr></table>"))
        #expect(report.diagnostics.isEmpty)
    }

    @Test func smartPunctuationFollowsTheSiteSetting() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", "\"Quoted\" -- dash")])
        try site.build()
        #expect(try site.read("p/index.html").contains("“Quoted” – dash"))
        try site.write("Content/site.yml", "title: T\nbaseURL: https://example.org/\nmarkdown:\n  smartPunctuation: false\n")
        try site.build()
        #expect(try site.read("p/index.html").contains("&quot;Quoted&quot; -- dash"))
    }

    @Test func headingSlugs() {
        #expect(HeadingIDs.slug("Third-Party Services") == "third-party-services")
        #expect(HeadingIDs.slug("  Über  uns! ") == "über-uns")
        var ids = HeadingIDs()
        #expect([ids.claim(for: "A"), ids.claim(for: "A"), ids.claim(for: "A-1"), ids.claim(for: "!!")] == ["a", "a-1", "a-1-1", "section"])
    }
}

@Suite("Heading anchors")
struct HeadingAnchorTests {
    @Test func headingAnchorsLinkToTheirHeadingWhenTheSiteAsks() throws {
        let site = try TemporarySite([
            "Content/site.yml": "title: T\nbaseURL: https://example.org/\nmarkdown:\n  headingAnchors: true\n",
            "Content/p.md": page("title: P", "## Data & you\n\n##### Small\n"),
        ])
        try site.build()
        let html = try site.read("p/index.html")
        #expect(html.contains(##"<h2 id="data-you">Data &amp; you <a class="heading-anchor" href="#data-you" aria-label="Link to section: Data &amp; you">#</a></h2>"##))
        #expect(html.contains(#"<h5 id="small">Small</h5>"#))
    }
}
