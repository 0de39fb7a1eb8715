import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Pages made to be slow (found by fuzzing): every pass over a page must stay linear in its size.
/// Each input is large enough that a quadratic pass takes many minutes; the bound is a guard
/// against that, not a speed target: a debug build under four parallel compilers on two cores
/// took 21 s for the largest page, so the bound is a minute.
@Suite("Hostile content")
struct HostileContentTests {
    static let bound = Duration.seconds(60)

    static let settings = "title: T\nbaseURL: https://example.org/\nmarkdown:\n  unsafe: true\n  headingAnchors: true\n"

    /// How long building the site takes, and its outcome.
    static func timedBuild(_ site: TemporarySite) -> (elapsed: Duration, failure: BuildFailure?) {
        let start = ContinuousClock.now
        let failure = site.buildFailure()
        return (ContinuousClock.now - start, failure)
    }

    @Test func twentyThousandShortcodeTags() throws {
        let tags = (0..<20_000).map { "{{< note text=\"n\($0)\" >}}" }.joined(separator: "\n\n")
        let site = try TemporarySite([
            "Templates/shortcodes/note.mustache": "<aside class=\"note\">{{args.text}}: a note long enough to make the page big</aside>",
            "Content/p.md": page("title: P", tags + "\n"),
        ])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(failure == nil)
        #expect(elapsed < Self.bound)
        let html = try site.read("p/index.html")
        #expect(html.components(separatedBy: "<aside class=\"note\">").count - 1 == 20_000)
        #expect(html.contains("n19999: a note"))
    }

    @Test func twentyThousandShortcodeTagsThatDoNotStandAlone() throws {
        // Each tag continues a paragraph: each is an error, found without scanning the page once per tag.
        let tags = (0..<20_000).map { _ in "Text\n{{< note >}}" }.joined(separator: "\n\n")
        let site = try TemporarySite([
            "Templates/shortcodes/note.mustache": "<aside>note</aside>",
            "Content/p.md": page("title: P", tags + "\n"),
        ])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(elapsed < Self.bound)
        let lines = try #require(failure).lines
        #expect(lines.count == 20_000)
        #expect(lines.first == "Content/p.md:5:1: error: shortcode 'note' must stand alone, with a blank line before and after it")
    }

    @Test func fiftyThousandHeadingsWithAnchorsAndLinksToThem() throws {
        // Numbered headings first, then as many repeats of their stem: each repeat's id must skip the
        // numbers taken without trying them all again; every heading anchor and link names an id.
        let numbered = (1...25_000).map { "## A-\($0)" }
        let repeats = Array(repeating: "## A", count: 25_000)
        let links = (1...5_000).map { "[to \($0)](#a-\($0))" }.joined(separator: " ")
        let site = try TemporarySite([
            "Content/site.yml": Self.settings,
            "Content/p.md": page("title: P", (numbered + repeats).joined(separator: "\n") + "\n\n" + links + "\n"),
        ])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(failure == nil)
        #expect(elapsed < Self.bound)
        let html = try site.read("p/index.html")
        let ids = html.components(separatedBy: "<h2 id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(ids.count == 50_000)
        #expect(Set(ids).count == 50_000)
        #expect(ids[25_000] == "a" && ids[25_001] == "a-25001" && ids.last == "a-49999")
    }

    @Test func textThatReadsLikeAShortcodePlaceholderIsPublishedAsWritten() throws {
        let site = try TemporarySite([
            "Templates/shortcodes/note.mustache": "<aside>the note</aside>",
            "Content/p.md": page("title: P", """
                PIGMENTSHORTCODE0END

                {{< note >}}

                &#80;IGMENTSHORTCODE0END

                PIGMENTSHORTCODE1END
                """),
        ])
        let (_, failure) = Self.timedBuild(site)
        #expect(failure == nil)
        let html = try site.read("p/index.html")
        #expect(html.components(separatedBy: "<aside>the note</aside>").count - 1 == 1)
        #expect(html.contains("<p>PIGMENTSHORTCODE0END</p>\n<aside>the note</aside>\n<p>PIGMENTSHORTCODE0END</p>\n<p>PIGMENTSHORTCODE1END</p>"))
    }

    @Test func shortcodesAfterLoneCarriageReturnsStillExpand() throws {
        let site = try TemporarySite([
            "Templates/shortcodes/note.mustache": "<aside>the note</aside>",
            "Content/p.md": page("title: P", "One\rTwo\n\n{{< note >}}\n"),
        ])
        let (_, failure) = Self.timedBuild(site)
        #expect(failure == nil)
        #expect(try site.read("p/index.html").contains("<aside>the note</aside>"))
    }

    /// `a` is 10 values, `b` 10 of `a`, and so on: nine lines that stand for 10⁹ values.
    static func aliasBomb(indent: String = "") -> String {
        var lines = [indent + "a: &a [" + Array(repeating: "\"x\"", count: 10).joined(separator: ",") + "]"]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append(indent + "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n")
    }

    @Test func aliasBombInFrontMatterIsAnErrorAtItsLine() throws {
        let site = try TemporarySite(["Content/p.md": page("title: P\n" + Self.aliasBomb(), "Text.\n")])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(elapsed < Self.bound)
        // `e`'s eighth alias of `d` (11,111 values each) passes the limit: line 7 of the file.
        #expect(try #require(failure).lines == [
            "Content/p.md:7:29: error: front matter expands YAML aliases to more than 100000 values; "
                + "write the values out, or nest fewer aliases of aliases",
        ])
    }

    @Test func aliasBombAsKeysIsRefusedBeforeYamsHashesThem() throws {
        // Yams checks a mapping for repeated keys by hashing each key, an alias in full.
        let keys = Self.aliasBomb().split(separator: "\n").map { line in "? " + line.drop { $0 != "&" } + "\n: v" }
        let site = try TemporarySite(["Content/p.md": page("title: P\n" + keys.joined(separator: "\n"), "Text.\n")])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(elapsed < Self.bound)
        #expect(try #require(failure).lines == [
            "Content/p.md:11:28: error: front matter expands YAML aliases to more than 100000 values; "
                + "write the values out, or nest fewer aliases of aliases",
        ])
    }

    @Test func aliasBombInSiteSettingsAndDataFiles() throws {
        let site = try TemporarySite(["Content/site.yml": Self.settings + Self.aliasBomb()])
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(elapsed < Self.bound)
        let lines = try #require(failure).lines
        #expect(lines.contains("Content/site.yml:10:29: error: this file expands YAML aliases to more than 100000 values; "
                                + "write the values out, or nest fewer aliases of aliases"), "\(lines)")

        try site.write("Content/site.yml", Self.settings)
        try site.write("Content/data/consent.yml", Self.aliasBomb())
        let (dataElapsed, dataFailure) = Self.timedBuild(site)
        #expect(dataElapsed < Self.bound)
        #expect(try #require(dataFailure).lines.first == "Content/data/consent.yml:5:29: error: this file expands YAML aliases "
                    + "to more than 100000 values; write the values out, or nest fewer aliases of aliases")
    }

    @Test func aliasesWithinTheLimitAreRead() throws {
        let site = try TemporarySite(["Content/p.md": page("title: &t Same\ndescription: *t", "Text.\n")])
        #expect(Self.timedBuild(site).failure == nil)
        #expect(try site.read("p/index.html").contains("<title>Same"))
    }

    @Test func manyLinksRawHTMLBlocksLongLinesAndDeepNesting() throws {
        var files = Dictionary(uniqueKeysWithValues: (0..<500).map { ("Content/docs/d\($0).md", page("title: D", "## Intro\n")) })
        let markdownLinks = (0..<20_000).map { "[d\($0)](docs/d\($0 % 500).md#intro)" }.joined(separator: " ")
        let siteLinks = (0..<20_000).map { "[x](/docs/d\($0 % 500)/#intro)" }.joined(separator: " ")
        let rawHTML = (0..<20_000).map { "<div id=\"raw\($0)\"><a href=\"#raw\($0)\">r</a></div>" }.joined(separator: "\n\n")
        let longLine = String(repeating: "word *emphasis* `code` ", count: 50_000)
        let nestedList = (0..<500).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
        let nestedQuote = String(repeating: ">", count: 500) + " deep"
        files["Content/site.yml"] = Self.settings
        files["Content/p.md"] = page("title: P", [markdownLinks, siteLinks, rawHTML, longLine, nestedList, nestedQuote].joined(separator: "\n\n") + "\n")
        let site = try TemporarySite(files)
        let (elapsed, failure) = Self.timedBuild(site)
        #expect(failure == nil)
        #expect(elapsed < Self.bound)
        let html = try site.read("p/index.html")
        #expect(html.contains("<a href=\"/docs/d499/#intro\">d19999</a>"))
        #expect(html.contains("<div id=\"raw19999\">"))
    }

    @Test func policyChangesBetweenTwoLongTextsThatDifferThroughout() {
        // Comparing every old paragraph with every new one fills a table of their counts multiplied:
        // 9 million cells here, and for the 20,000 words below, 400 million.
        let old = (0..<3_000).map { "<p>Old clause \($0).</p>" }.joined(separator: "\n")
        let new = (0..<3_000).map { "<p>New clause \($0).</p>" }.joined(separator: "\n")
        let start = ContinuousClock.now
        let result = HTMLDiff.compare(old: old, new: new)
        #expect(ContinuousClock.now - start < Self.bound)
        #expect(result.changedPassages == 1)
        #expect(result.html.contains("<p class=\"diff-changed\"><del>Old</del> <ins>New</ins> clause 2999.</p>"))

        let words = (0..<20_000).map { "w\($0)" }
        let wordsStart = ContinuousClock.now
        #expect(HTMLDiff.wordDiff(words.joined(separator: " "), words.reversed().joined(separator: " ")).hasPrefix("<del>w0 w1"))
        #expect(ContinuousClock.now - wordsStart < Self.bound)
    }

    /// The diff's clean-up of each block: the same edits the regular expressions made, in one pass.
    @Test func policyDiffCleansBlocksAsBeforeAndInLinearTime() {
        #expect(HTMLSpans.replacingTags(in: "<p>a <b>b</b> c < d</p>", with: " ") == " a  b  c  ", "as `<[^>]*>` did")
        #expect(HTMLSpans.replacingTags(in: "x < y < z", with: " ") == "x < y < z")
        #expect(HTMLSpans.removingIDs(#"<h2 id="a">T</h2><p data-id="k">x</p>"#) == #"<h2>T</h2><p data-id="k">x</p>"#)
        #expect(HTMLSpans.removing(from: #"<a class="heading-anchor""#, to: "</a>",
                                   in: ##"<h2>T <a class="heading-anchor" href="#t">#</a></h2>"##) == "<h2>T </h2>")

        let opens = String(repeating: "< ", count: 200_000)
        let spaces = "<p" + String(repeating: " ", count: 200_000) + "x>"
        let anchors = String(repeating: #"<a class="heading-anchor" "#, count: 20_000)
        let unclosed = " id=\"" + String(repeating: "x ", count: 100_000)
        let start = ContinuousClock.now
        #expect(HTMLSpans.replacingTags(in: opens, with: " ") == opens)
        #expect(HTMLSpans.removingIDs(spaces) == spaces)
        #expect(HTMLSpans.removing(from: #"<a class="heading-anchor""#, to: "</a>", in: anchors) == anchors)
        #expect(HTMLSpans.removingIDs(unclosed) == unclosed)
        _ = HTMLDiff.compare(old: "<p>\(opens)</p>", new: "<p>\(opens) changed</p>")
        #expect(ContinuousClock.now - start < Self.bound)
    }
}
