import Foundation
import Testing
@testable import SiteBuilder

/// A page's tags lead to a listing of every page with the tag, as in Hugo and Zola.
@Suite("Tag pages")
struct TagPagesTests {
    static let postTemplate = """
        {{<base}}{{$main}}<article><h1>{{page.title}}</h1>{{#page.hasTags}}<ul class="tags">{{#page.tagLinks}}<li><a href="{{url}}">{{name}}</a></li>{{/page.tagLinks}}</ul>{{/page.hasTags}}</article>{{/main}}{{/base}}
        """

    @Test func eachTagGetsAPageListingItsPagesAndTagsGetAnIndex() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": Self.postTemplate,
            "Content/blog/a.md": page("title: Post A\ndate: 2026-01-01\ntags: [guides, Product news]"),
            "Content/blog/b.md": page("title: Post B\ndate: 2026-03-01\ntags: [guides, guides]"),
            "Content/about.md": page("title: About"),
        ])
        try site.build()
        let guides = try site.read("tags/guides/index.html")
        let titles = guides.matches(of: #/<li><a href="[^"]+">([^<]+)</a></li>/#).map { String($0.1) }
        #expect(titles == ["Post B", "Post A"], "newest first, a tag named twice lists the page once")
        #expect(try site.read("tags/product-news/index.html").contains(#"<a href="/blog/a/">Post A</a>"#))
        #expect(try site.read("tags/index.html").contains("<h1>Tags</h1>"))
        #expect(try site.read("blog/a/index.html").contains(
            #"<ul class="tags"><li><a href="/tags/guides/">guides</a></li><li><a href="/tags/product-news/">Product news</a></li></ul>"#))
        #expect(try !site.read("about/index.html").contains("class=\"tags\""), "a page without tags shows no list")
        #expect(try site.read("sitemap.xml").contains("https://example.org/tags/guides/"))
    }

    @Test func aTagWithoutALetterOrDigitGetsNoPageAndNoLink() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": Self.postTemplate,
            "Content/blog/a.md": page("title: Post A\ntags: [\"!!!\", ok]"),
        ])
        try site.build()
        #expect(site.exists("tags/ok/index.html"))
        #expect(try !site.read("blog/a/index.html").contains("!!!"))
        #expect(TagPages.slug("!!!") == nil && TagPages.slug("  Été 2026! ") == "été-2026" && TagPages.slug("a/../b") == "a-b")
    }
}
