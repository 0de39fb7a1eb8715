import Foundation
import Testing
@testable import SiteBuilder

/// Every error is reported as `file:line:col: error: message`, all of them at once, and a failed
/// build leaves the previous output exactly as it was.
@Suite("Build errors")
struct BuildErrorTests {
    @Test func invalidYAMLPointsAtTheFileLine() throws {
        let site = try TemporarySite(["Content/a.md": "---\ntitle: Fine\ntags: [one, two\n---\nBody\n"])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.count == 1)
        #expect(failure.lines[0].hasPrefix("Content/a.md:3:7: error: invalid YAML:"))
    }

    @Test func missingTitle() throws {
        let site = try TemporarySite(["Content/a.md": page("description: no title here"), "Content/b.md": "No front matter at all\n"])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/a.md:1:1: error: front matter needs a 'title'",
            "Content/b.md:1:1: error: front matter needs a 'title'",
        ])
    }

    @Test func wrongTypesInFrontMatter() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\ndate: last tuesday\nweight: heavy\ndraft: maybe\nslug: a/b")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/a.md:3:7: error: 'date' must be a date like 2026-05-04 or 2026-05-04T10:30:00Z",
            "Content/a.md:4:9: error: 'weight' must be a whole number",
            "Content/a.md:5:8: error: 'draft' must be true or false",
            "Content/a.md:6:7: error: slug 'a/b' may only hold letters, digits, '-', '_' and '.'",
        ])
    }

    /// YAML 1.1 reads `1:30` as 90 (base 60); Yams sums the parts without overflow checks, so eleven
    /// parts trapped the whole build (found by fuzzing). Now such a value is simply not a whole number.
    @Test func baseSixtyNumberTooLargeForAnIntegerIsAnErrorNotACrash() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\nweight: 1:0:0:0:0:0:0:0:0:0:0\nextra: 1:0:0:0:0:0:0:0:0:0:0")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/a.md:3:9: error: 'weight' must be a whole number"])
        let fits = try TemporarySite(["Content/a.md": page("title: A\nweight: 1:30")])
        #expect(fits.buildFailure() == nil)
    }

    @Test func twoPagesWithTheSameURL() throws {
        let site = try TemporarySite([
            "Content/legal/privacy.md": page("title: One"),
            "Content/legal/policy.md": page("title: Two\nslug: privacy"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/legal/privacy.md:1:1: error: URL /legal/privacy/ is already taken by Content/legal/policy.md"])
    }

    @Test func aliasThatCollidesWithAPage() throws {
        let site = try TemporarySite([
            "Content/about.md": page("title: About"),
            "Content/team.md": page("title: Team\naliases:\n  - /about/"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/team.md:4:5: error: URL /about/ is already taken by Content/about.md"])
    }

    /// Content written for Jekyll names `layout: default` on every page: a warning, and the layout
    /// pigment would choose; an error only with --strict.
    @Test func unknownLayout() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\nlayout: fancy")])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "Content/a.md:3:9: warning: unknown layout 'fancy': there is no Templates/fancy.mustache "
                + "(layouts: home, page, section); the page uses 'page'",
        ])
        #expect(try site.read("a/index.html").contains(#"<article data-layout="page">"#))
        let failure = try #require(site.buildFailure(strict: true))
        #expect(failure.lines[0].hasPrefix("Content/a.md:3:9: error: unknown layout 'fancy'"))
    }

    @Test func templateSyntaxError() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "{{<base}}{{$main}}\n<h1>{{page.title}}</h1>\n{{#page.tags}}<b>{{.}}</b>\n{{/main}}{{/base}}",
            "Content/a.md": page("title: A"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.count == 1)
        #expect(failure.lines[0].hasPrefix("Templates/page.mustache:4:"), "the line of the misplaced {{/main}}: \(failure.lines[0])")
        #expect(failure.lines[0].contains(": error: template syntax:"))
    }

    @Test func templateNamingAMissingPartial() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "{{<base}}{{$main}}\n  {{> partials/sidebar}}\n{{/main}}{{/base}}",
            "Content/a.md": page("title: A"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Templates/page.mustache:2:3: error: template 'partials/sidebar' does not exist (no Templates/partials/sidebar.mustache)"])
    }

    @Test func brokenLinkAndAnchor() throws {
        let site = try TemporarySite([
            "Content/legal/privacy.md": page("title: Privacy", "## Cookies\n"),
            "Content/index.md": page("title: Home", """
                Read the [policy](/legal/privacy/#cookies), fine.
                See [terms](/legal/terms/) and [cookies](legal/privacy.md#cookie).
                A [missing file](legal/gone.md) and ![logo](/images/logo.png).
                """),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/index.md:5:5: error: link to missing page or file '/legal/terms/'",
            "Content/index.md:5:32: error: link to missing anchor '#cookie' on /legal/privacy/ (written 'legal/privacy.md#cookie')",
            "Content/index.md:6:3: error: link to missing file 'Content/legal/gone.md'",
            "Content/index.md:6:37: error: link to missing page or file '/images/logo.png'",
        ])
    }

    @Test func relativeLinksResolveFromThePage() throws {
        let site = try TemporarySite([
            "Content/legal/privacy.md": page("title: Privacy", "[terms](../terms/) [self](#top-part)\n\n## Top part"),
            "Content/legal/terms.md": page("title: Terms", "[nowhere](../nowhere/)"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/legal/terms.md:4:1: error: link to missing page or file '../nowhere/'"])
    }

    @Test func linkToADraftSaysSo() throws {
        let site = try TemporarySite([
            "Content/blog/wip.md": page("title: WIP\ndraft: true"),
            "Content/index.md": page("title: Home", "[wip](blog/wip.md) [wip](/blog/wip/)"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/index.md:4:1: error: link to 'Content/blog/wip.md', which is a draft (built with --drafts) and not part of this build",
            "Content/index.md:4:20: error: link to /blog/wip/, which is a draft (built with --drafts) and not part of this build",
        ])
        #expect(site.buildFailure() != nil)
        #expect((try? site.build(drafts: true)) != nil)
    }

    @Test func brokenLinkInSiteNavigation() throws {
        let site = try TemporarySite([
            "Content/site.yml": "title: T\nbaseURL: https://example.org/\nnavigation:\n  - title: Pricing\n    url: /pricing/\n",
            "Content/index.md": page("title: Home"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/site.yml:5:10: error: link to missing page or file '/pricing/'"])
    }

    @Test func brokenLinkInATemplate() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "{{<base}}{{$main}}\n<link rel=\"stylesheet\" href=\"/css/missing.css\">\n{{/main}}{{/base}}",
            "Content/a.md": page("title: A"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Templates/page.mustache:2:30: error: link to missing page or file '/css/missing.css' (on /a/)"])
    }

    @Test func unreadableFile() throws {
        let site = try TemporarySite(["Content/index.md": page("title: Home")])
        // A dangling symlink cannot be read, even by root (who ignores file permissions).
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/gone.md").path,
                                                   withDestinationPath: "/nonexistent/gone.md")
        try site.write("Content/latin1.md", "")
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0xE9, 0x0A]).write(to: site.root.appendingPathComponent("Content/latin1.md"))
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/gone.md:1:1: error: cannot read file: No such file or directory",
            "Content/latin1.md:1:1: error: file is not valid UTF-8 text",
        ])
    }

    @Test func missingBaseURL() throws {
        let site = try TemporarySite(["Content/site.yml": "title: No base\n", "Content/index.md": page("title: Home")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.count == 1)
        #expect(failure.lines[0].hasPrefix("Content/site.yml:1:1: error: the site needs an absolute baseURL"))
    }

    @Test func everyErrorIsReportedNotOnlyTheFirst() throws {
        let site = try TemporarySite([
            "Content/a.md": page("title: [broken"),
            "Content/b.md": page("title: B\nweight: heavy"),
            "Content/c.md": page("title: C", "[x](/nowhere/)"),
            "Content/d.md": page("title: D", "[a](a.md)"), // links to a page that failed: no second error
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.errors.map(\.location.file) == ["Content/a.md", "Content/b.md", "Content/c.md"])
    }

    @Test func failedBuildLeavesThePreviousOutputUntouched() throws {
        let site = try TemporarySite([
            "Content/index.md": page("title: Home", "[about](about.md)"),
            "Content/about.md": page("title: About"),
        ])
        try site.build()
        let before = try site.snapshot()
        try site.write("Content/index.md", page("title: Home changed", "[about](about.md) [gone](/gone/)"))
        try site.write("public/new.css", "new")
        #expect(site.buildFailure() != nil)
        #expect(try site.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site") }
        #expect(leftovers.isEmpty, "the staging folder is cleaned up")
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A", "<b>raw</b>")])
        #expect((try? site.build()) != nil)
        let failure = try #require(site.buildFailure(strict: true))
        #expect(failure.lines.count == 1)
        #expect(failure.lines[0].hasPrefix("Content/a.md:4:1: error: raw HTML is omitted"))
    }

    @Test func publicFileThatWouldOverwriteAPage() throws {
        let site = try TemporarySite(["Content/about.md": page("title: About"), "public/about/index.html": "<p>static</p>"])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["public/about/index.html:1:1: error: public/about/index.html would overwrite the page built from Content/about.md"])
    }
}
