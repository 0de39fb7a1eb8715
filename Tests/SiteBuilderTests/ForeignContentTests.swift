import Foundation
import Testing
@testable import SiteBuilder

/// Content written for Jekyll and Hugo builds as it is: their front matter for old URLs, a page's own
/// URL and unpublished pages, `<a name>` anchors, and folders at any depth.
@Suite("Content from other generators")
struct ForeignContentTests {
    @Test func redirectFromIsReadAsAliasesAsAListOrOneText() throws {
        let site = try TemporarySite([
            "Content/docs/privacy.md": page("title: Privacy\nredirect_from:\n  - /privacy/\n  - /old/privacy.html"),
            "Content/docs/terms.md": page("title: Terms\nredirect_from: /terms"),
            "Content/about.md": page("title: About", "Read [the old privacy page](/privacy/) and [the terms](/terms/)."),
        ])
        let report = try site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "links to old URLs lead to their redirects: \(report.diagnostics.map(\.description))")
        #expect(try site.read("privacy/index.html").contains(#"<meta http-equiv="refresh" content="0; url=/docs/privacy/">"#))
        #expect(try site.read("old/privacy.html").contains("/docs/privacy/"))
        #expect(try site.read("terms/index.html").contains("/docs/terms/"))
    }

    @Test func aRelativeHugoAliasIsResolvedAgainstThePagesFolder() throws {
        let site = try TemporarySite(["Content/docs/privacy.md": page("title: Privacy\naliases: [old-privacy]")])
        try site.build()
        #expect(try site.read("docs/old-privacy/index.html").contains("/docs/privacy/"))
    }

    @Test func anAliasWithAFragmentIsSkippedWithAWarningThatSaysWhy() throws {
        let site = try TemporarySite([
            "Content/docs/privacy.md": page("title: Privacy\naliases:\n  - /privacy/\n  - /policies#privacy"),
        ])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "Content/docs/privacy.md:5:5: warning: aliases entry '/policies#privacy' is skipped: browsers never send the '#…' part "
                + "to a server, so it cannot pick a redirect ('/policies' is what a visitor's browser asks for)",
        ])
        #expect(site.exists("privacy/index.html"))
        #expect(!site.exists("policies/index.html"))
    }

    @Test func anAliasOnAnotherSiteIsAnError() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\nredirect_from: https://old.example.com/a")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/a.md:3:16: error: redirect_from 'https://old.example.com/a' must be a path on this site, "
                                  + "like /old-privacy/, not an address elsewhere"])
    }

    @Test func permalinkAndURLSetThePagesURL() throws {
        let site = try TemporarySite([
            "Content/docs/privacy.md": page("title: Privacy\npermalink: /privacy-policy/"),
            "Content/docs/cookies.md": page("title: Cookies\nurl: /cookies"),
            "Content/docs/old.md": page("title: Old\npermalink: /old.html"),
            "Content/about.md": page("title: About", "See [privacy](docs/privacy.md), [cookies](docs/cookies.md)."),
        ])
        let report = try site.build(strict: true)
        #expect(report.diagnostics.isEmpty)
        #expect(try site.read("privacy-policy/index.html").contains("<h1>Privacy</h1>"))
        #expect(try site.read("cookies/index.html").contains("<h1>Cookies</h1>"))
        #expect(try site.read("old.html").contains("<h1>Old</h1>"))
        #expect(try site.read("about/index.html").contains(#"<a href="/privacy-policy/">privacy</a>"#), ".md links follow the page's URL")
        #expect(!site.exists("docs/privacy/index.html"))
    }

    @Test func aJekyllPermalinkWithPlaceholdersIsAnErrorThatSaysWhatToWrite() throws {
        let site = try TemporarySite(["Content/blog/a.md": page("title: A\npermalink: /:categories/:title/")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/blog/a.md:3:12: error: permalink '/:categories/:title/' uses placeholders like ':title', "
                                  + "which pigment does not fill in: write the page's path, like /legal/privacy/"])
    }

    @Test func publishedFalseIsADraft() throws {
        let site = try TemporarySite([
            "Content/docs/old.md": page("title: Old terms\npublished: false"),
            "Content/docs/new.md": page("title: New terms\npublished: true"),
        ])
        try site.build()
        #expect(!site.exists("docs/old/index.html"))
        #expect(site.exists("docs/new/index.html"))
        try site.build(drafts: true)
        #expect(site.exists("docs/old/index.html"))
    }

    @Test func otherUnknownKeysStillReachTemplatesAsParams() throws {
        let site = try TemporarySite([
            "Content/a.md": page("title: A\nredirect_from: /b/\nsidebar: compact"),
            "Templates/page.mustache": "{{<base}}{{$main}}<p>{{page.params.sidebar}}|{{page.params.redirect_from}}</p>{{/main}}{{/base}}",
        ])
        try site.build()
        #expect(try site.read("a/index.html").contains("<p>compact|</p>"))
    }

    private static let unsafeSite = "title: Test Site\nbaseURL: https://example.org/\nmarkdown:\n  unsafe: true\n"

    @Test func namedAnchorsAndRawHTMLIdsAreAnchorTargets() throws {
        let site = try TemporarySite([
            "Content/site.yml": Self.unsafeSite,
            "Content/docs/privacy.md": page("title: Privacy", """
                <a name="data-we-collect"></a>
                ## What we collect

                <div id='retention'>Kept a year.</div>

                <A NAME=contact></A>Write to us.
                """),
            "Content/about.md": page("title: About", """
                [collect](docs/privacy.md#data-we-collect), [retention](/docs/privacy/#retention), [contact](/docs/privacy/#contact).
                """),
        ])
        let report = try site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description))")
    }

    @Test func aNameOnAnythingButALinkIsNoAnchor() throws {
        let site = try TemporarySite([
            "Content/site.yml": Self.unsafeSite,
            "Content/a.md": page("title: A", "<form><input name=\"email\"></form>\n\n[mail](#email)\n"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/a.md:6:1: error: link to missing anchor '#email' on /a/ (written '#email')"])
    }

    @Test func everyFolderAtAnyDepthIsASectionWithItsPagesAndFolders() throws {
        let site = try TemporarySite([
            "Content/policies/terms/use.md": page("title: Terms of use"),
            "Content/policies/terms/regional/eu.md": page("title: EU terms"),
            "Content/policies/privacy.md": page("title: Privacy"),
            "Templates/section.mustache": """
                {{<base}}{{$main}}<h1>{{page.title}}</h1><ol>{{#pages}}<li><a href="{{url}}">{{title}}</a></li>{{/pages}}</ol>\
                <ul>{{#subsections}}<li class="sub"><a href="{{url}}">{{title}}</a></li>{{/subsections}}</ul>\
                <nav>{{#breadcrumbs}}<a class="crumb" href="{{url}}">{{title}}</a>{{/breadcrumbs}}</nav>{{/main}}{{/base}}
                """,
            "Templates/page.mustache": """
                {{<base}}{{$main}}<nav>{{#breadcrumbs}}<a class="crumb" href="{{url}}">{{title}}</a>{{/breadcrumbs}}</nav>\
                <h1>{{page.title}}</h1>{{/main}}{{/base}}
                """,
            "Content/about.md": page("title: About", "[All terms](/policies/terms/) and [regional](/policies/terms/regional/)."),
        ])
        let report = try site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description))")
        let policies = try site.read("policies/index.html")
        #expect(policies.contains(#"<ol><li><a href="/policies/privacy/">Privacy</a></li></ol>"#))
        #expect(policies.contains(#"<ul><li class="sub"><a href="/policies/terms/">Terms</a></li></ul>"#))
        let terms = try site.read("policies/terms/index.html")
        #expect(terms.contains(#"<ol><li><a href="/policies/terms/use/">Terms of use</a></li></ol>"#))
        #expect(terms.contains(#"<li class="sub"><a href="/policies/terms/regional/">Regional</a></li>"#))
        #expect(terms.contains(#"<nav><a class="crumb" href="/">Test Site</a><a class="crumb" href="/policies/">Policies</a></nav>"#))
        #expect(try site.read("policies/terms/regional/eu/index.html").contains(
            #"<nav><a class="crumb" href="/">Test Site</a><a class="crumb" href="/policies/">Policies</a>"#
                + #"<a class="crumb" href="/policies/terms/">Terms</a><a class="crumb" href="/policies/terms/regional/">Regional</a></nav>"#))
        #expect(try site.read("about/index.html").contains("<nav></nav>"), "a page at the top has no trail")
    }

    @Test func anIndexFileAnywhereGivesItsFolderText() throws {
        let site = try TemporarySite([
            "Content/policies/terms/index.md": page("title: Every term", "The terms, gathered."),
            "Content/policies/terms/use.md": page("title: Terms of use"),
        ])
        try site.build()
        let terms = try site.read("policies/terms/index.html")
        #expect(terms.contains("<h1>Every term</h1>") && terms.contains("The terms, gathered."))
        #expect(terms.contains(#"<a href="/policies/terms/use/">Terms of use</a>"#))
    }
}
