import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Every published version of a legal page stays online, with a readable comparison between versions.
@Suite("Policy versions")
struct PolicyVersionTests {
    static let legalTemplate = """
        {{<base}}{{$main}}<article data-layout="legal"><h1>{{page.title}}</h1><p id="version">{{page.policy.version}}</p>
        {{#page.policy.isArchived}}<p id="archived">current: {{page.policy.currentURL}}</p>{{/page.policy.isArchived}}
        {{#page.policy.isChanges}}<p id="changes">from {{page.policy.changesFrom}}: {{page.policy.changedPassages}}</p>{{/page.policy.isChanges}}
        {{{page.content}}}
        <ul id="versions">{{#page.policy.versions}}<li><a href="{{url}}">{{version}}</a>{{#changesURL}} <a href="{{changesURL}}">changes</a>{{/changesURL}}</li>{{/page.policy.versions}}</ul>
        </article>{{/main}}{{/base}}
        """

    static func privacy(updated: String, body: String) -> String {
        page("title: Privacy Policy\nupdated: \(updated)", body)
    }

    static let firstText = "## Data we keep\n\nWe keep your email address for as long as your account exists.\n\nWe never sell data.\n"
    static let secondText = "## Data we keep\n\nWe keep your email address until you delete your account.\n\nWe never sell data.\n\n## Transfers\n\nData stays in the EU.\n"

    static func site() throws -> TemporarySite {
        try TemporarySite(["Templates/legal.mustache": legalTemplate,
                           "Content/legal/privacy.md": privacy(updated: "2026-05-04", body: firstText)])
    }

    /// `pigment release`, as the command runs it.
    static func release(_ site: TemporarySite) throws -> [String] {
        try PolicyRelease.run(site.options()).written
    }

    @Test func releaseArchivesTheRenderedTextAndEveryVersionIsPublished() throws {
        let site = try Self.site()
        let first = try site.build()
        #expect(first.diagnostics.map(\.message).contains { $0.contains("version 2026-05-04 is not released yet") })
        #expect(try Self.release(site) == ["Content/_versions/legal/privacy/2026-05-04.html"])
        #expect(try Self.release(site).isEmpty, "a released version is never written twice")
        let archived = try String(contentsOf: site.root.appendingPathComponent("Content/_versions/legal/privacy/2026-05-04.html"), encoding: .utf8)
        #expect(archived.contains("<p>We keep your email address for as long as your account exists.</p>"))

        try site.write("Content/legal/privacy.md", Self.privacy(updated: "2026-11-25", body: Self.secondText))
        let report = try site.build()
        #expect(report.unreleasedVersions.map(\.version.version) == ["2026-11-25"])
        let current = try site.read("legal/privacy/index.html")
        #expect(current.contains(#"<p id="version">2026-11-25</p>"#))
        #expect(current.contains(#"<a href="/legal/privacy/v/2026-11-25/">2026-11-25</a> <a href="/legal/privacy/v/2026-11-25/changes/">changes</a>"#))
        #expect(current.contains(#"<a href="/legal/privacy/v/2026-05-04/">2026-05-04</a></li>"#))

        let old = try site.read("legal/privacy/v/2026-05-04/index.html")
        #expect(old.contains("for as long as your account exists"), "the old version shows the old text")
        #expect(old.contains(#"<p id="archived">current: /legal/privacy/</p>"#))
        #expect(old.contains(#"<p id="version">2026-05-04</p>"#))
        #expect(try site.read("legal/privacy/v/2026-11-25/index.html").contains("until you delete your account"))
        #expect(!(try site.read("sitemap.xml")).contains("/v/"), "old versions are not offered to search engines")
        #expect(!(try site.read("legal/index.html")).contains("/v/"), "nor listed in the section")
    }

    @Test func theChangesPageMarksAddedAndRemovedText() throws {
        let site = try Self.site()
        _ = try Self.release(site)
        try site.write("Content/legal/privacy.md", Self.privacy(updated: "2026-11-25", body: Self.secondText))
        try site.build()
        let changes = try site.read("legal/privacy/v/2026-11-25/changes/index.html")
        #expect(changes.contains(#"<p id="changes">from 2026-05-04: 2</p>"#))
        #expect(changes.contains("<p class=\"diff-changed\">We keep your email address <del>for as long as</del> <ins>until you delete</ins> your <del>account exists.</del> <ins>account.</ins></p>"))
        #expect(changes.contains(#"<ins class="diff-added"><h2>Transfers</h2></ins>"#), "a new section is added whole, without its id")
        #expect(changes.contains("<p>We never sell data.</p>"), "unchanged text is shown as it is")
        #expect(!changes.contains("<del>We never sell"))
    }

    @Test func anArchivedVersionHasTheTableOfContentsOfItsText() throws {
        let template = Self.legalTemplate.replacingOccurrences(
            of: "{{{page.content}}}",
            with: "<nav id=\"toc\">{{#page.toc}}<a href=\"#{{id}}\">{{title}}</a>{{#children}}<a href=\"#{{id}}\">{{title}}</a>{{/children}}{{/page.toc}}</nav>{{{page.content}}}")
        let first = "## Data we keep\n\nText.\n\n### Email & name\n\nMore.\n\n## Your rights\n\nRights.\n"
        let site = try TemporarySite(["Templates/legal.mustache": template,
                                      "Content/legal/privacy.md": Self.privacy(updated: "2026-05-04", body: first)])
        _ = try Self.release(site)
        try site.build()
        let toc = { (html: String) in html.components(separatedBy: "<nav id=\"toc\">")[1].components(separatedBy: "</nav>")[0] }
        let live = toc(try site.read("legal/privacy/index.html"))
        #expect(live == ##"<a href="#data-we-keep">Data we keep</a><a href="#email-name">Email &amp; name</a><a href="#your-rights">Your rights</a>"##)
        try site.write("Content/legal/privacy.md", Self.privacy(updated: "2026-11-25", body: "## Transfers\n\nData stays in the EU.\n"))
        try site.build()
        #expect(toc(try site.read("legal/privacy/v/2026-05-04/index.html")) == live, "the released version keeps the contents it was published with")
        #expect(toc(try site.read("legal/privacy/v/2026-11-25/index.html")) == ##"<a href="#transfers">Transfers</a>"##)
        #expect(toc(try site.read("legal/privacy/v/2026-11-25/changes/index.html")).isEmpty, "the changes page has no heading ids to link")
    }

    @Test func textChangedWithoutANewDateIsAWarningAtTheDate() throws {
        let site = try Self.site()
        _ = try Self.release(site)
        try site.write("Content/legal/privacy.md", Self.privacy(updated: "2026-05-04", body: Self.secondText))
        let report = try site.build()
        let warning = try #require(report.diagnostics.first { $0.message.contains("text changed since version 2026-05-04") })
        #expect(warning.location == SourceLocation(file: "Content/legal/privacy.md", line: 3, column: 10))
        #expect(report.editedWithoutNewVersion == ["Content/legal/privacy.md"])
        #expect(try site.read("legal/privacy/v/2026-05-04/index.html").contains("for as long as your account exists"),
                "the released text stays what visitors were shown")
        #expect(try Self.release(site).isEmpty, "release never overwrites a released version")
        // Markup alone is not a change of text.
        try site.write("Content/legal/privacy.md", Self.privacy(updated: "2026-05-04", body: Self.firstText.replacingOccurrences(of: "We never sell data.", with: "We never *sell* data.")))
        #expect(try site.build().editedWithoutNewVersion.isEmpty)
    }

    @Test func anExplicitVersionNamesTheURL() throws {
        let site = try TemporarySite(["Templates/legal.mustache": Self.legalTemplate,
                                      "Content/legal/terms.md": page("title: Terms\nupdated: 2026-05-04\nversion: v2.1", "Text.\n")])
        try site.build()
        #expect(try site.read("legal/terms/v/v2.1/index.html").contains(#"<p id="version">v2.1</p>"#))
        try site.write("Content/legal/terms.md", page("title: Terms\nversion: ../x", "Text.\n"))
        #expect(site.buildFailure()?.lines.first?.hasPrefix("Content/legal/terms.md:3:10: error: version '../x' may only hold") == true)
    }

    @Test func theConsentBannerKnowsThePolicyVersion() throws {
        let site = try TemporarySite([
            "Templates/legal.mustache": Self.legalTemplate,
            "Templates/page.mustache": "{{<base}}{{$main}}<script type=\"application/json\">{{{data.consent.json}}}</script><p id=\"pv\">{{data.consent.policy.version}}</p>{{/main}}{{/base}}",
            "Content/legal/privacy.md": Self.privacy(updated: "2026-05-04", body: Self.firstText),
            "Content/hello.md": page("title: Hello"),
            "Content/data/consent.yml": DataAndShortcodeTests.registry + "\npolicyPage: legal/privacy.md\n",
        ])
        try site.build()
        let html = try site.read("hello/index.html")
        #expect(html.contains(#""policy":{"url":"/legal/privacy/","version":"2026-05-04"}"#))
        #expect(html.contains(#"<p id="pv">2026-05-04</p>"#))
        try site.write("Content/data/consent.yml", DataAndShortcodeTests.registry + "\npolicyPage: legal/missing.md\n")
        #expect(site.buildFailure()?.lines.first?.hasPrefix("Content/data/consent.yml:19:13: error: policyPage 'legal/missing.md' is not a published page") == true,
                "\(site.buildFailure()?.lines ?? [])")
    }
}

@Suite("Readable differences")
struct HTMLDiffTests {
    @Test func blocksAreTopLevelElements() {
        let blocks = HTMLDiff.blocks(of: "<h2 id=\"a\">A <a class=\"heading-anchor\" href=\"#a\">#</a></h2>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n<p>One<br>two</p>\n")
        #expect(blocks.map(\.tag) == ["h2", "ul", "p"])
        #expect(blocks.map(\.text) == ["A", "x y", "One two"])
        #expect(blocks[0].html == "<h2>A </h2>")
    }

    @Test func wordsAreComparedInOrder() {
        #expect(HTMLDiff.wordDiff("a b c d", "a x c d e") == "a <del>b</del> <ins>x</ins> c d <ins>e</ins>")
        #expect(HTMLDiff.wordDiff("same <words>", "same <words>") == "same &lt;words&gt;")
    }

    @Test func aRemovedPassageIsStruckThrough() {
        let result = HTMLDiff.compare(old: "<p>Keep.</p>\n<p>Gone.</p>\n", new: "<p>Keep.</p>\n")
        #expect(result.html == "<p>Keep.</p>\n<div class=\"diff-passage\" id=\"change-1\">\n"
                 + "<p class=\"diff-step\"><span class=\"diff-step__count\">Change 1 of 1</span></p>\n"
                 + "<del class=\"diff-removed\"><p>Gone.</p></del>\n</div>\n")
        #expect(result.changedPassages == 1)
    }
}
