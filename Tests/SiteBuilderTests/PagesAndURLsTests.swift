import Foundation
import Testing
@testable import SiteBuilder

@Suite("Pages and URLs")
struct PagesAndURLsTests {
    @Test func everyMarkdownFileBecomesAPageAtAPrettyURL() throws {
        let site = try TemporarySite([
            "Content/index.md": page("title: Home", "Welcome home."),
            "Content/legal/privacy.md": page("title: Privacy Policy", "We respect your privacy."),
            "Content/about.md": page("title: About", "About us."),
        ])
        try site.build()
        #expect(try site.read("index.html").contains("Welcome home."))
        #expect(try site.read("legal/privacy/index.html").contains("<h1>Privacy Policy</h1>"))
        #expect(try site.read("legal/privacy/index.html").contains("<p>We respect your privacy.</p>"))
        #expect(try site.read("about/index.html").contains("About us."))
        #expect(try site.read("legal/privacy/index.html").contains(#"href="https://example.org/legal/privacy/""#))
    }

    @Test func slugReplacesTheFileName() throws {
        let site = try TemporarySite(["Content/legal/privacy.md": page("title: Privacy\nslug: privacy-policy")])
        try site.build()
        #expect(site.exists("legal/privacy-policy/index.html"))
        #expect(!site.exists("legal/privacy/index.html"))
    }

    @Test func sectionTextComesFromUnderscoreIndex() throws {
        let site = try TemporarySite([
            "Content/legal/_index.md": page("title: Legal documents", "Everything our lawyers wrote."),
            "Content/legal/terms.md": page("title: Terms"),
        ])
        try site.build()
        let index = try site.read("legal/index.html")
        #expect(index.contains("<h1>Legal documents</h1>"))
        #expect(index.contains("Everything our lawyers wrote."))
        #expect(index.contains(#"<a href="/legal/terms/">Terms</a>"#))
    }

    @Test func everySectionGetsAnIndexPageEvenWithoutText() throws {
        let site = try TemporarySite(["Content/blog/hello.md": page("title: Hello")])
        try site.build()
        let index = try site.read("blog/index.html")
        #expect(index.contains("<h1>Blog</h1>"))
        #expect(index.contains(#"<a href="/blog/hello/">Hello</a>"#))
    }

    @Test func sectionListsPagesByWeightThenNewestFirst() throws {
        let site = try TemporarySite([
            "Content/blog/old.md": page("title: Old post\ndate: 2026-01-01"),
            "Content/blog/new.md": page("title: New post\ndate: 2026-05-01"),
            "Content/blog/pinned.md": page("title: Pinned\nweight: 1\ndate: 2025-01-01"),
            "Content/blog/undated.md": page("title: Undated"),
        ])
        try site.build()
        let titles = try site.read("blog/index.html").matches(of: #/<li><a href="[^"]+">([^<]+)</a></li>/#).map { String($0.1) }
        #expect(titles == ["Pinned", "New post", "Old post", "Undated"])
    }

    @Test func draftsAreLeftOutUnlessAskedFor() throws {
        let site = try TemporarySite([
            "Content/blog/draft.md": page("title: Secret\ndraft: true"),
            "Content/blog/public.md": page("title: Public"),
        ])
        try site.build()
        #expect(!site.exists("blog/draft/index.html"))
        #expect(!(try site.read("blog/index.html").contains("Secret")))
        #expect(!(try site.read("sitemap.xml").contains("/blog/draft/")))
        try site.build(drafts: true)
        #expect(site.exists("blog/draft/index.html"))
    }

    @Test func futurePagesAreLeftOutUnlessAskedFor() throws {
        // TemporarySite's clock says 2026-06-01.
        let site = try TemporarySite([
            "Content/blog/later.md": page("title: Later\ndate: 2026-07-01"),
            "Content/blog/earlier.md": page("title: Earlier\ndate: 2026-05-01"),
        ])
        try site.build()
        #expect(!site.exists("blog/later/index.html"))
        #expect(site.exists("blog/earlier/index.html"))
        try site.build(future: true)
        #expect(site.exists("blog/later/index.html"))
    }

    @Test func frontMatterReachesTemplates() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": """
                {{<base}}{{$main}}<p class="d">{{page.description}}</p><p class="date">{{page.date.display}}|{{page.date.iso}}</p>\
                <p class="upd">{{page.updated.display}}</p><ul>{{#page.tags}}<li>{{.}}</li>{{/page.tags}}</ul>\
                <p class="hero">{{page.params.hero}}</p><p class="noindex">{{#page.noindex}}yes{{/page.noindex}}</p>{{/main}}{{/base}}
                """,
            "Content/post.md": page("""
                title: A post
                description: Short & sweet
                date: 2026-05-04
                updated: 2026-05-20T08:30:00Z
                tags: [ai, art]
                noindex: true
                hero: watercolour
                """),
        ])
        try site.build()
        let html = try site.read("post/index.html")
        #expect(html.contains(#"<p class="d">Short &amp; sweet</p>"#))
        #expect(html.contains(#"<p class="date">May 4, 2026|2026-05-04</p>"#))
        #expect(html.contains(#"<p class="upd">May 20, 2026</p>"#))
        #expect(html.contains("<li>ai</li><li>art</li>"))
        #expect(html.contains(#"<p class="hero">watercolour</p>"#))
        #expect(html.contains(#"<p class="noindex">yes</p>"#))
        #expect(!(try site.read("sitemap.xml").contains("/post/")), "noindex pages stay out of the sitemap")
    }

    @Test func layoutIsChosenByFrontMatterThenSectionThenPage() throws {
        let site = try TemporarySite([
            "Templates/legal.mustache": "{{<base}}{{$main}}<article data-layout=\"legal\">{{{page.content}}}</article>{{/main}}{{/base}}",
            "Templates/wide.mustache": "{{<base}}{{$main}}<article data-layout=\"wide\"></article>{{/main}}{{/base}}",
            "Content/legal/privacy.md": page("title: Privacy"),
            "Content/legal/special.md": page("title: Special\nlayout: wide"),
            "Content/about.md": page("title: About"),
        ])
        try site.build()
        #expect(try site.read("legal/privacy/index.html").contains(#"data-layout="legal""#))
        #expect(try site.read("legal/special/index.html").contains(#"data-layout="wide""#))
        #expect(try site.read("about/index.html").contains(#"data-layout="page""#))
        #expect(try site.read("legal/index.html").contains(#"data-layout="section""#))
        #expect(try site.read("index.html").contains(#"data-layout="home""#))
    }

    @Test func partialsAndInheritanceWork() throws {
        let site = try TemporarySite([
            "Templates/partials/footer.mustache": "<footer>{{#site.footer}}<a href=\"{{url}}\">{{title}}</a>{{/site.footer}}</footer>",
            "Templates/base.mustache": "<html><body><main>{{$main}}default{{/main}}</main>{{> partials/footer}}</body></html>",
            "Content/site.yml": "title: T\nbaseURL: https://example.org\nfooter:\n  - title: Privacy\n    url: /about/\n",
            "Content/about.md": page("title: About", "Hi"),
        ])
        try site.build()
        let html = try site.read("about/index.html")
        #expect(html.contains(#"<footer><a href="/about/">Privacy</a></footer>"#))
        #expect(html.contains("<main><article"))
        #expect(!html.contains("default"))
    }

    @Test func publicIsCopiedAsIs() throws {
        let site = try TemporarySite(["Content/index.md": page("title: Home"), "public/css/site.css": "body { color: red }\n",
                                      "public/images/logo.svg": "<svg/>"])
        try site.build()
        #expect(try site.read("css/site.css") == "body { color: red }\n")
        #expect(try site.read("images/logo.svg") == "<svg/>")
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        var files = ["Content/index.md": page("title: Home", "[p](legal/p1.md)")]
        for index in 0..<40 {
            files["Content/legal/p\(index).md"] = page("title: Page \(index)\ndate: 2026-0\(index % 5 + 1)-01",
                                                       "## Part\n\nText \(index)\n\n## Part\n")
        }
        files["Content/blog/post.md"] = page("title: Post\ndate: 2026-02-02")
        let site = try TemporarySite(files)
        try site.build()
        let first = try site.snapshot()
        try site.build()
        #expect(try site.snapshot() == first)
        #expect(first.count > 40)
    }
}
