import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Messages a writer can act on (issue 14): each one at the character it means, in words that say
/// what to change, and no second message that only follows from the first.
@Suite("Writer messages")
struct WriterMessageTests {
    /// The diagnostic as the CLI prints it: the message, the source line and the caret line.
    static func formatted(_ diagnostic: Diagnostic, in site: TemporarySite) -> [String] {
        DiagnosticFormatter(root: site.root).format(diagnostic).components(separatedBy: "\n")
    }

    // MARK: Columns in characters

    @Test func columnsCountCharactersNotBytes() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A", "Prices – from – [the terms](missing.md).\n")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/a.md:4:17: error: link to missing file 'Content/missing.md'"])
        #expect(Self.formatted(failure.errors[0], in: site) == [
            "Content/a.md:4:17: error: link to missing file 'Content/missing.md'",
            " 4 | Prices – from – [the terms](missing.md).",
            "   |                 ^",
        ])
    }

    @Test func theCaretStandsUnderWideCharactersAtTheirWidth() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A", "利用規約 👍 é [x](missing.md)\n")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/a.md:4:10: error: link to missing file 'Content/missing.md'"])
        // Four ideographs and an emoji take two cells each; é (e and a combining accent) takes one.
        #expect(Self.formatted(failure.errors[0], in: site).last == "   | " + String(repeating: " ", count: 8 + 1 + 2 + 1 + 1 + 1) + "^")
    }

    @Test func theCaretKeepsTabsAndPadsWideCharactersByTwo() {
        #expect(DiagnosticFormatter.padding(before: 4, in: "\t–x") == "\t  ")
        #expect(DiagnosticFormatter.padding(before: 4, in: "한국x") == "    " + " ")
        #expect(DiagnosticFormatter.padding(before: 3, in: "ＡＢ") == "    ", "fullwidth forms take two cells; past the end the caret stops at the end")
    }

    @Test func rawHTMLLinksCountCharacters() throws {
        let site = try TemporarySite([
            "Content/site.yml": "title: T\nbaseURL: https://example.org/\nmarkdown:\n  unsafe: true\n",
            "Content/a.md": page("title: A", "<p>Déjà – <a href=\"/nowhere/\">x</a></p>\n"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.errors.map(\.location) == [SourceLocation(file: "Content/a.md", line: 4, column: 20)], "\(failure.lines)")
    }

    /// libyaml counts Unicode scalars: a family emoji is five, e with a combining accent two; a writer sees one each.
    @Test func frontMatterColumnsCountCharactersNotScalars() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\ntags: [👨‍👩‍👧, e\u{301}, {x: 1}]")])
        #expect(site.buildFailure()?.lines == ["Content/a.md:3:14: error: each item of 'tags' must be text"])
    }

    // MARK: No knock-on messages

    @Test func aPolicyPageWithBrokenFrontMatterIsNotAlsoMissing() throws {
        let site = try TemporarySite([
            "Content/legal/privacy.md": page("title: Privacy\nupdated: 2026-05-04\ndate: [unclosed"),
            "Content/data/consent.yml": DataAndShortcodeTests.registry + "\npolicyPage: legal/privacy.md\n",
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.diagnostics.count == 1, "\(failure.diagnostics.map(\.description))")
        #expect(failure.lines.allSatisfy { $0.hasPrefix("Content/legal/privacy.md:") })
    }

    /// A released legal page with a generated table: when the table cannot be made (its shortcode
    /// template is gone, or its data file failed), the page lost it, but the writer did not edit it.
    @Test func aLegalPageThatLostAGeneratedTableIsNotComparedWithItsReleasedText() throws {
        let site = try TemporarySite([
            "Templates/legal.mustache": PolicyVersionTests.legalTemplate,
            "Templates/shortcodes/cookie-table.mustache": DataAndShortcodeTests.shippedCookieTable,
            "Content/data/consent.yml": DataAndShortcodeTests.registry,
            "Content/legal/privacy.md": PolicyVersionTests.privacy(updated: "2026-05-04", body: PolicyVersionTests.firstText + "\n{{< cookie-table >}}\n"),
        ])
        _ = try PolicyVersionTests.release(site)
        #expect(try site.build().diagnostics.isEmpty)

        try site.remove("Templates/shortcodes/cookie-table.mustache")
        #expect(site.buildFailure()?.diagnostics.map(\.description) == [
            "Content/legal/privacy.md:11:1: error: unknown shortcode 'cookie-table' (no Templates/shortcodes/cookie-table.mustache; the site has no shortcodes)",
        ])

        try site.write("Templates/shortcodes/cookie-table.mustache", DataAndShortcodeTests.shippedCookieTable)
        try site.write("Content/data/consent.yml", "categories: [unclosed\n")
        let failure = try #require(site.buildFailure())
        #expect(failure.diagnostics.allSatisfy { $0.location.file == "Content/data/consent.yml" }, "\(failure.diagnostics.map(\.description))")
    }

    // MARK: Template sections

    @Test func anUnclosedSectionIsNamedWhereItOpened() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "{{<base}}{{$main}}\n<h1>{{page.title}}</h1>\n  {{#page.description}}<p>{{page.description}}</p>\n{{/main}}{{/base}}\n",
            "Content/a.md": page("title: A"),
        ])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Templates/page.mustache:4:1: error: template syntax: {{/main}} does not close the open section {{#page.description}} "
                + "(line 3, column 3): close that one first with {{/page.description}}",
        ])
        try site.write("Templates/page.mustache", "{{<base}}{{$main}}\n<h1>{{page.title}}</h1>{{/main}}{{/base}}\n{{#page.description}}\n<p>x</p>\n")
        #expect(site.buildFailure()?.lines == [
            "Templates/page.mustache:3:1: error: template syntax: section {{#page.description}} is never closed: add {{/page.description}} where it should end",
        ])
    }

    // MARK: Tabs in YAML

    @Test func aTabInFrontMatterIsNamedAsATab() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\naliases:\n\t- /old/")])
        #expect(site.buildFailure()?.lines == [
            "Content/a.md:4:1: error: invalid YAML: a tab indents this line; YAML allows spaces only: indent with spaces",
        ])
        let config = try TemporarySite(["Content/site.yml": "title: T\nbaseURL: https://example.org/\nmarkdown:\n  \tunsafe: true\n"])
        #expect(config.buildFailure()?.lines == [
            "Content/site.yml:4:3: error: invalid YAML: a tab indents this line; YAML allows spaces only: indent with spaces",
        ])
    }

    // MARK: Impossible dates

    @Test func anImpossibleDateSaysTheDayDoesNotExist() throws {
        let site = try TemporarySite(["Content/a.md": page("title: A\ndate: 2026-02-30\nupdated: 2028-02-30T10:00:00Z\neffective: 2026-13-01")])
        #expect(site.buildFailure()?.lines == [
            "Content/a.md:3:7: error: 'date': 2026-02-30 is not a day: February 2026 has 28 days",
            "Content/a.md:4:10: error: 'updated': 2028-02-30 is not a day: February 2028 has 29 days",
            "Content/a.md:5:12: error: 'effective': 2026-13-01 is not a day: months run from 01 to 12",
        ])
    }

    // MARK: Raw HTML

    @Test func omittedRawHTMLIsOneWarningThatCountsAndCommentsAreNotContent() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", """
            <!-- markdownlint-disable MD033 -->

            Text with <span class="x">inline</span> HTML.

            <div class="a"><p>raw</p></div>

            <!-- a note for writers -->
            """)])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "Content/p.md:6:11: warning: raw HTML is omitted from the page: 3 elements, the first at line 6; "
                + "allow it with 'markdown: {unsafe: true}' in Content/site.yml",
        ])
        let html = try site.read("p/index.html")
        #expect(!html.contains("markdownlint") && !html.contains("a note for writers") && !html.contains("<span"))

        let commentsOnly = try TemporarySite(["Content/p.md": page("title: P", "<!-- markdownlint-disable -->\n\nText.\n")])
        #expect(try commentsOnly.build().diagnostics.isEmpty)
    }

    // MARK: Liquid and template syntax in the text

    @Test func liquidAndTemplateSyntaxInTheTextIsAWarningAtItsColumn() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", """
            Intro – {% data reusables.x %} and {{ site.title }}.

            `{% raw %}` in code is fine, {{< shortcodes >}} are ours.

            ```
            {% include x.html %}
            ```

                {{ page.x }} in indented code

            {% include footer.html %}
            """)])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "Content/p.md:4:9: warning: Liquid tag '{% data reusables.x %}' is not supported and is published as text; "
                + "write the text itself, or a shortcode {{< name >}} for a generated table",
            "Content/p.md:4:36: warning: template variable '{{ site.title }}' is not filled in Markdown and is published as text; write the value itself",
            "Content/p.md:14:1: warning: Liquid tag '{% include footer.html %}' is not supported and is published as text; "
                + "write the text itself, or a shortcode {{< name >}} for a generated table",
        ])
    }
}
