import Foundation
import Testing
@testable import SiteBuilder

/// The "what changed" page descends into lists and tables: one added bullet is one inserted item,
/// every change has an id and links to the next and previous, and the marks stay valid HTML.
@Suite("Policy diff within lists and tables")
struct StructuralDiffTests {
    static func list(_ items: [String], tag: String = "ul") -> String {
        "<\(tag)>\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</\(tag)>\n"
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Every `href="#…"` of the result names an id in it.
    static func stepLinksResolve(_ html: String) -> Bool {
        let targets = html.components(separatedBy: ##"href="#"##).dropFirst().map { String($0.prefix { $0 != "\"" }) }
        return targets.allSatisfy { html.contains("id=\"\($0)\"") }
    }

    @Test func oneAddedBulletIsOneInsertedItem() {
        let old = "<p>We collect:</p>\n" + Self.list(["Your name.", "Your email address.", "Your payments."])
        let new = "<p>We collect:</p>\n" + Self.list(["Your name.", "Your email address.", "Your uploaded images.", "Your payments."])
        let result = HTMLDiff.compare(old: old, new: new)
        #expect(result.changedPassages == 1)
        #expect(Self.count("<ins", in: result.html) == 1)
        #expect(!result.html.contains("<del"), "nothing was removed")
        #expect(result.html.contains(#"<li class="diff-added" id="change-1"><span class="diff-step"><span class="diff-step__count">Change 1 of 1</span></span> <ins>Your uploaded images.</ins></li>"#))
        #expect(result.html.contains("<ul>\n<li>Your name.</li>\n<li>Your email address.</li>\n<li class=\"diff-added\""),
                "the list stays one list, its other items as they were")
        #expect(!result.html.contains("<ul>\n<ins"), "no <ins> between items")
    }

    @Test func aRemovedItemAndARemovedRowAreStruckThroughInPlace() {
        let table = { (rows: [String]) in
            "<div class=\"table-wrap\">\n<table>\n<thead><tr><th>Cookie</th><th>Lifetime</th></tr></thead>\n<tbody>\n"
                + rows.map { "<tr><td>\($0)</td><td>1 year</td></tr>\n" }.joined() + "</tbody>\n</table>\n</div>\n"
        }
        let result = HTMLDiff.compare(old: table(["a", "b", "c"]), new: table(["a", "c"]))
        #expect(result.changedPassages == 1)
        #expect(result.html.contains(#"<tr class="diff-removed" id="change-1"><td><span class="diff-step"><span class="diff-step__count">Change 1 of 1</span></span> <del>b</del></td><td><del>1 year</del></td></tr>"#))
        #expect(!result.html.contains("<ins"))
        #expect(result.html.contains("<tr><td>a</td><td>1 year</td></tr>\n"), "the other rows stay as they were")
        #expect(result.html.contains("<thead><tr><th>Cookie</th><th>Lifetime</th></tr></thead>"))

        let items = HTMLDiff.compare(old: Self.list(["one", "two", "three"]), new: Self.list(["one", "three"]))
        #expect(items.html.contains(#"<li class="diff-removed" id="change-1">"#) && items.html.contains("<del>two</del></li>"))
        #expect(Self.count("<del", in: items.html) == 1 && !items.html.contains("<ins"))
    }

    @Test func aChangedWordInAnItemOrACellIsMarkedWithinIt() {
        let result = HTMLDiff.compare(old: Self.list(["Kept for 30 days.", "Other."], tag: "ol"),
                                      new: Self.list(["Kept for 60 days.", "Other."], tag: "ol"))
        #expect(result.html.contains("<ol>\n<li class=\"diff-changed\" id=\"change-1\">"))
        #expect(result.html.contains("</span> Kept for <del>30</del> <ins>60</ins> days.</li>\n<li>Other.</li>\n</ol>"))

        let row = { (lifetime: String) in "<table>\n<tbody>\n<tr><td><code>id</code></td><td>\(lifetime)</td></tr>\n</tbody>\n</table>\n" }
        let cells = HTMLDiff.compare(old: row("12 months"), new: row("13 months"))
        #expect(cells.html.contains(#"<tr class="diff-changed" id="change-1"><td><span class="diff-step">"#))
        #expect(cells.html.contains("</span> <code>id</code></td><td class=\"diff-changed\"><del>12</del> <ins>13</ins> months</td></tr>"),
                "an unchanged cell keeps its markup; the changed one is shown word by word")
    }

    @Test func aNestedItemIsComparedWithinItsItem() {
        let old = "<ul>\n<li>Analytics\n<ul>\n<li>page views</li>\n</ul>\n</li>\n<li>Essential</li>\n</ul>\n"
        let new = "<ul>\n<li>Analytics\n<ul>\n<li>page views</li>\n<li>clicks</li>\n</ul>\n</li>\n<li>Essential</li>\n</ul>\n"
        let result = HTMLDiff.compare(old: old, new: new)
        #expect(result.changedPassages == 1)
        #expect(result.html.contains("<li>page views</li>\n<li class=\"diff-added\" id=\"change-1\">"))
        #expect(Self.count("<ins", in: result.html) == 1 && !result.html.contains("<del"))
    }

    @Test func eachPassageLinksToTheNextAndThePrevious() {
        let old = "<p>One.</p>\n<p>Two.</p>\n" + Self.list(["a", "b"]) + "<p>Three.</p>\n<p>Four.</p>\n"
        let new = "<p>One, changed.</p>\n<p>Two.</p>\n" + Self.list(["a", "x", "b"]) + "<p>Three.</p>\n"
        let result = HTMLDiff.compare(old: old, new: new)
        #expect(result.changedPassages == 3)
        #expect(result.html.hasPrefix(##"<div class="diff-passage" id="change-1">"## + "\n" + ##"<p class="diff-step"><span class="diff-step__count">Change 1 of 3</span> <a href="#change-2">Next change</a></p>"##))
        #expect(result.html.contains(##"<span class="diff-step__count">Change 2 of 3</span> <a href="#change-1">Previous change</a> <a href="#change-3">Next change</a>"##))
        #expect(result.html.contains(##"<span class="diff-step__count">Change 3 of 3</span> <a href="#change-2">Previous change</a></p>"##))
        #expect(Self.stepLinksResolve(result.html))
        #expect(result.html.contains("<del class=\"diff-removed\"><p>Four.</p></del>"))
    }

    @Test func anUnchangedTextHasNoPassage() {
        let html = "<h2 id=\"a\">A</h2>\n" + Self.list(["a", "b"])
        let result = HTMLDiff.compare(old: html, new: html)
        #expect(result.changedPassages == 0)
        #expect(!result.html.contains("diff-"))
    }

    /// A 10,000-item list: one item added compares only the item (the common ends are cut off first);
    /// the list reversed exceeds the budget of table cells and is shown item against item, in linear time.
    @Test func aLongListStaysFast() {
        let items = (0..<10_000).map { "Clause \($0) of the long list." }
        var added = items
        added.insert("A new clause.", at: 5_000)
        var start = ContinuousClock.now
        let one = HTMLDiff.compare(old: Self.list(items), new: Self.list(added))
        #expect(ContinuousClock.now - start < HostileContentTests.bound)
        #expect(one.changedPassages == 1)
        #expect(Self.count("<ins", in: one.html) == 1 && !one.html.contains("<del"))

        start = ContinuousClock.now
        let reversed = HTMLDiff.compare(old: Self.list(items), new: Self.list(items.reversed()))
        #expect(ContinuousClock.now - start < HostileContentTests.bound)
        #expect(reversed.changedPassages >= 1)
        #expect(Self.count("<li", in: reversed.html) == 10_000, "every item shown once, none lost")

        let nested = String(repeating: "<ul>\n<li>deep\n", count: 2_000) + String(repeating: "</li>\n</ul>\n", count: 2_000)
        start = ContinuousClock.now
        _ = HTMLDiff.compare(old: nested, new: nested.replacingOccurrences(of: "deep", with: "deeper"))
        #expect(ContinuousClock.now - start < HostileContentTests.bound, "the descent stops at StructuralDiff.maximumDepth")
    }

    @Test func anArchivedVersionKeepsItsTableOfContents() {
        let html = ##"<h2 id="data-we-keep">Data <em>we</em> keep <a class="heading-anchor" href="#data-we-keep" aria-label="x">#</a></h2>"##
            + "\n<p>Text.</p>\n<h3 id=\"email\">Email &amp; name</h3>\n<h2 id=\"transfers\">Transfers</h2>\n<h4 id=\"x\">Not listed</h4>\n"
        let entries = ArchivedTableOfContents.entries(in: html)
        #expect(entries.map(\.id) == ["data-we-keep", "transfers"])
        #expect(entries.map(\.title) == ["Data we keep", "Transfers"])
        #expect(entries[0].children.map(\.title) == ["Email & name"])
        let unclosed = String(repeating: "<h2 id=\"a\">x ", count: 50_000)
        let start = ContinuousClock.now
        #expect(ArchivedTableOfContents.entries(in: unclosed).isEmpty)
        #expect(ArchivedTableOfContents.entries(in: String(repeating: "<h2 ", count: 100_000) + ">").isEmpty)
        #expect(ContinuousClock.now - start < HostileContentTests.bound)
    }
}
