import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// GFM pipe tables, case by case after the GFM spec's "Tables (extension)" section, with
/// cmark-gfm's HTML inside the scrolling box the site wraps every table in.
@Suite("Pipe tables")
struct PipeTableTests {
    static let box = #"<div class="table-wrap" role="region" aria-label="Table" tabindex="0">"#

    /// A page body rendered as a build renders it, with `legal/privacy.md` published at `/legal/privacy/`.
    static func render(_ body: String, smartPunctuation: Bool = true, rawHTML: Bool = false) -> RenderedMarkdown {
        var settings = SiteConfig.MarkdownSettings()
        settings.smartPunctuation = smartPunctuation
        settings.allowRawHTML = rawHTML
        let nowhere = URL(fileURLWithPath: "/nonexistent-pigment-pipe-table-tests")
        let (templates, _) = TemplateSet.load(from: nowhere, displayPrefix: "Templates")
        let (data, _) = SiteData.load(from: nowhere, displayPrefix: "Content/data")
        let links = MarkdownLinkResolver(.init(published: [.init(contentPath: "legal/privacy.md", answer: "/legal/privacy/")], excluded: []))
        let renderer = MarkdownRenderer(settings: settings, markdownLinks: links,
                                        shortcodes: ShortcodeExpander(templates: templates, data: data))
        return renderer.render(body: body, lineOffset: 0, file: SourceFile(contentPath: "p.md", displayPath: "Content/p.md", text: ""))
    }

    static func html(_ body: String, smartPunctuation: Bool = true, rawHTML: Bool = false) -> String {
        render(body, smartPunctuation: smartPunctuation, rawHTML: rawHTML).html
    }

    @Test func headerDelimiterAndBodyRowsRenderAsCmarkGFMDoes() {
        let html = Self.html("""
            | foo | bar |
            | --- | --- |
            | baz | bim |
            """)
        #expect(html == Self.box + """

            <table>
            <thead>
            <tr>
            <th>foo</th>
            <th>bar</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>baz</td>
            <td>bim</td>
            </tr>
            </tbody>
            </table>
            </div>

            """)
    }

    @Test func colonsInTheDelimiterRowAlignColumns() {
        let html = Self.html("""
            | abc | defghi | left | none |
            :-: | -----------: | :--- | ---
            bar | baz | x | y
            """)
        #expect(html.contains("""
            <tr>
            <th align="center">abc</th>
            <th align="right">defghi</th>
            <th align="left">left</th>
            <th>none</th>
            </tr>
            """))
        #expect(html.contains("""
            <tr>
            <td align="center">bar</td>
            <td align="right">baz</td>
            <td align="left">x</td>
            <td>y</td>
            </tr>
            """))
    }

    @Test func rowsWithoutOuterPipes() {
        let html = Self.html("a | b\n--|--\n1 | 2\n")
        #expect(html.contains("<th>a</th>\n<th>b</th>"))
        #expect(html.contains("<td>1</td>\n<td>2</td>"))
    }

    @Test func escapedPipesStayInTheirCellEvenInsideInlineSpans() {
        let html = Self.html(#"""
            | f\|oo  |
            | ------ |
            | b `\|` az |
            | b **\|** im |
            """#)
        #expect(html.contains("<th>f|oo</th>"))
        #expect(html.contains("<td>b <code>|</code> az</td>"))
        #expect(html.contains("<td>b <strong>|</strong> im</td>"))
    }

    @Test func anUnescapedPipeInsideACodeSpanStillSplitsCells() {
        let html = Self.html("| `a|b` | c |\n| --- | --- | --- |\n")
        #expect(html.contains("<th>`a</th>\n<th>b`</th>\n<th>c</th>"))
    }

    @Test func aBlockQuoteEndsTheTable() {
        let html = Self.html("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n")
        #expect(html.hasSuffix("<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>\n</table>\n</div>\n<blockquote>\n<p>bar</p>\n</blockquote>\n"))
    }

    @Test func aLineWithoutPipesIsARowAndABlankLineEndsTheTable() {
        let html = Self.html("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n")
        #expect(html.contains("<tr>\n<td>bar</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n</div>\n<p>bar</p>\n"))
    }

    @Test func aListItemOrIndentedCodeOpensABlockAfterTheTable() {
        let html = Self.html("| a |\n| --- |\n| 1 |\n2. two\n")
        #expect(html.hasSuffix("</table>\n</div>\n<ol start=\"2\">\n<li>two</li>\n</ol>\n"))
        let code = Self.html("| a |\n| --- |\n| 1 |\n    code\n")
        #expect(code.hasSuffix("</table>\n</div>\n<pre><code>code\n</code></pre>\n"))
    }

    @Test func underATableDashesAreAThematicBreakAndEqualsSignsARow() {
        let dashes = Self.html("| a |\n| --- |\n| 1 |\n---\n")
        #expect(dashes.hasSuffix("<td>1</td>\n</tr>\n</tbody>\n</table>\n</div>\n<hr />\n"))
        #expect(!dashes.contains("<h2"))
        let equals = Self.html("Intro\n| a |\n| --- |\n===\n")
        #expect(equals.hasPrefix("<p>Intro</p>\n" + Self.box))
        #expect(equals.contains("<tbody>\n<tr>\n<td>===</td>\n</tr>\n</tbody>"))
        #expect(Self.html("Title\n---\n") == "<h2 id=\"title\">Title</h2>\n")
    }

    @Test func aTagAloneOnItsLineOpensAnHTMLBlockAfterTheTable() {
        let html = Self.html("| a |\n|---|\n| 1 |\n</b>\n", rawHTML: true)
        #expect(html.hasSuffix("<td>1</td>\n</tr>\n</tbody>\n</table>\n</div>\n</b>\n"))
        #expect(Self.html("| a |\n|---|\n| <b>1</b> |\n<b>2</b>\n", rawHTML: true).contains("<td><b>2</b></td>"))
    }

    @Test func aReferenceDefinitionAnywhereInThePageServesCells() {
        let html = Self.html("> [q]: /quoted\n\n- | [a][q] |\n  |---|\n  | [b][] |\n\n  [b]: /listed\n")
        #expect(html.contains(#"<th><a href="/quoted">a</a></th>"#))
        #expect(html.contains(#"<td><a href="/listed">b</a></td>"#))
        // A definition shown in a code block defines nothing.
        #expect(Self.html("| [c] |\n|---|\n\n```\n[c]: /code\n```\n").contains("<th>[c]</th>"))
    }

    @Test func aLazyLineLeavesTheBlockQuoteOrListTheTableIsIn() {
        let quote = Self.html("> | a | b |\n> |---|---|\n> | 1 | 2 |\nlazy\n")
        #expect(quote.hasSuffix("<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>\n</blockquote>\n<p>lazy</p>\n"))
        let list = Self.html("- | a | b |\n  |---|---|\n  | 1 | 2 |\nlazy\n")
        #expect(list.hasSuffix("</table>\n</div>\n</li>\n</ul>\n<p>lazy</p>\n"))
    }

    @Test func aLineWithNoCellEndsTheTable() {
        let html = Self.html("| a |\n|---|\n|\n")
        #expect(html == Self.box + "\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n</div>\n<p>|</p>\n")
    }

    @Test func aDelimiterRowWithAnotherCellCountIsNoTable() {
        let html = Self.html("| abc | def |\n| --- |\n| bar |\n", smartPunctuation: false)
        #expect(html == "<p>| abc | def |\n| --- |\n| bar |</p>\n")
    }

    @Test func shortRowsArePaddedAndLongRowsCut() {
        let html = Self.html("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n")
        #expect(html.contains("<tr>\n<td>bar</td>\n<td></td>\n</tr>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>"))
        #expect(!html.contains("boo"))
    }

    @Test func aTableWithoutBodyRowsHasNoTbody() {
        let html = Self.html("| abc | def |\n| --- | --- |\n")
        #expect(html == Self.box + "\n<table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n</table>\n</div>\n")
    }

    @Test func linesBeforeTheHeaderRowStayAParagraph() {
        let html = Self.html("Intro *text*\nmore\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(html.hasPrefix("<p>Intro <em>text</em>\nmore</p>\n" + Self.box + "\n<table>\n<thead>\n<tr>\n<th>a</th>"))
    }

    @Test func inlineMarkdownInCellsButNoBlocks() {
        let html = Self.html("| # not a heading | - not a list | *em* and `code` |\n|---|---|---|\n| [a]: /b | 1. one | > no |\n")
        #expect(html.contains("<th># not a heading</th>\n<th>- not a list</th>\n<th><em>em</em> and <code>code</code></th>"))
        #expect(html.contains("<td>[a]: /b</td>\n<td>1. one</td>\n<td>&gt; no</td>"))
    }

    @Test func aTableInAListItemOrABlockQuote() {
        let list = Self.html("- Prices:\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- Next\n")
        #expect(list.contains("<li>\n<p>Prices:</p>\n" + Self.box + "\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>"))
        #expect(list.contains("<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>\n</li>\n<li>\n<p>Next</p>"))
        let tight = Self.html("1. | a | b |\n   |---|---|\n   | 1 | 2 |\n")
        #expect(tight.contains("<li>\n" + Self.box + "\n<table>"))
        #expect(tight.contains("<td>1</td>\n<td>2</td>"))
        let quote = Self.html("> | a | b |\n> |---|---|\n> | 1 | 2 |\n")
        #expect(quote.hasPrefix("<blockquote>\n" + Self.box))
        #expect(quote.contains("<td>1</td>\n<td>2</td>"))
    }

    @Test func aMarkdownLinkInACellIsRewrittenAndRecordedAtItsLineAndColumn() throws {
        let rendered = Self.render("""
            Intro.

            | Page | Link |
            |------|------|
            | Privacy | see [privacy](legal/privacy.md#top) |
            | a | b\\|c [again](legal/privacy.md) |
            """)
        #expect(rendered.html.contains(#"<td>see <a href="/legal/privacy/#top">privacy</a></td>"#))
        #expect(rendered.html.contains(#"<td>b|c <a href="/legal/privacy/">again</a></td>"#))
        #expect(rendered.links.map(\.url) == ["/legal/privacy/#top", "/legal/privacy/"])
        #expect(rendered.links.map(\.location.line) == [5, 6])
        #expect(rendered.links.map(\.location.column) == [17, 12])
        #expect(rendered.diagnostics.isEmpty)
    }

    @Test func aLinkInATableInAListItemIsRecordedAtItsColumn() {
        let rendered = Self.render("- | a | b |\n  |---|---|\n  | 1 | x [p](legal/privacy.md) |\n")
        #expect(rendered.links.map(\.location.line) == [3])
        #expect(rendered.links.map(\.location.column) == [11])
    }

    @Test func aBrokenLinkInACellIsAnErrorAtItsFileLine() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P", "| a | b |\n|---|---|\n| 1 | [gone](missing.md) |\n")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/p.md:6:7: error: link to missing file 'Content/missing.md'"])
    }

    @Test func referenceLinksInCellsFindTheirDefinitions() {
        let html = Self.html("| [home][h] |\n|---|\n| [h] |\n\n[h]: /start\n")
        #expect(html.contains(#"<th><a href="/start">home</a></th>"#))
        #expect(html.contains(#"<td><a href="/start">h</a></td>"#))
    }

    @Test func smartPunctuationAppliesToCellsNeverToTheDelimiterRow() {
        let html = Self.html("| \"Quote\" | a -- b |\n| --- | --- |\n| it's | ... |\n")
        #expect(html.contains("<th>“Quote”</th>\n<th>a – b</th>"))
        #expect(html.contains("<td>it’s</td>\n<td>…</td>"))
        #expect(!html.contains("—"))
        let plain = Self.html("| \"Quote\" |\n| --- |\n", smartPunctuation: false)
        #expect(plain.contains("<th>&quot;Quote&quot;</th>"))
    }

    @Test func rawHTMLInCellsFollowsTheSiteSetting() {
        let omitted = Self.render("| <b>bold</b> |\n|---|\n")
        #expect(omitted.html.contains("<th><!-- raw HTML omitted -->bold<!-- raw HTML omitted --></th>"))
        #expect(omitted.diagnostics.map(\.description) == [
            "Content/p.md:1:3: warning: raw HTML is omitted from the page: 1 element; allow it with 'markdown: {unsafe: true}' in Content/site.yml",
        ])
        #expect(Self.html("| <b>bold</b> |\n|---|\n", rawHTML: true).contains("<th><b>bold</b></th>"))
    }

    @Test func aTableOfThirtyFourRows() {
        let rows = (1...34).map { "| row \($0) | \($0 * 2) |" }.joined(separator: "\n")
        let html = Self.html("| name | value |\n|:-----|------:|\n" + rows + "\n")
        #expect(html.components(separatedBy: "<tr>").count - 1 == 35)
        #expect(html.contains("<td align=\"left\">row 1</td>\n<td align=\"right\">2</td>"))
        #expect(html.contains("<td align=\"left\">row 34</td>\n<td align=\"right\">68</td>\n</tr>\n</tbody>"))
    }

    @Test func aTableInAFencedCodeBlockIsLeftAlone() {
        let html = Self.html("```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n")
        #expect(html == "<pre><code>| a | b |\n|---|---|\n| 1 | 2 |\n</code></pre>\n")
    }

    @Test func aPipeTableBuildsWithoutWarnings() throws {
        let site = try TemporarySite(["Content/docs/cookies.md": page("title: Cookies", """
            Intro.

            | Name | Purpose |
            |------|---------|
            | sid  | session |
            """)])
        let report = try site.build()
        #expect(report.diagnostics.isEmpty)
        #expect(try site.read("docs/cookies/index.html").contains("<th>Name</th>\n<th>Purpose</th>"))
    }

    @Test func cellsAndDelimiterRowsAreSplitAsTheSpecSays() {
        #expect(PipeTable.cells(of: #"| a | b\|c |  |"#).map(\.text) == ["a", "b|c", ""])
        #expect(PipeTable.cells(of: "a|b").map(\.text) == ["a", "b"])
        #expect(PipeTable.cells(of: "|").isEmpty)
        #expect(PipeTable.alignments(ofDelimiterRow: "|:--|:-:|--:|---|") == [.left, .center, .right, nil])
        #expect(PipeTable.alignments(ofDelimiterRow: "--- | ---") == [nil, nil])
        #expect(PipeTable.alignments(ofDelimiterRow: "| --- | x |") == nil)
        #expect(PipeTable.alignments(ofDelimiterRow: "| --- | |") == nil)
        #expect(PipeTable.alignments(ofDelimiterRow: "| - - |") == nil)
    }
}
