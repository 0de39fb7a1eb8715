import Foundation
import Testing
@testable import SiteBuilder

/// `pigment new post|legal|page TITLE`.
@Suite("New pages")
struct PageScaffoldTests {
    @Test func slugsAreLowercaseWordsJoinedByHyphens() {
        #expect(PageScaffold.slug(for: "Hello, Wörld!") == "hello-world")
        #expect(PageScaffold.slug(for: "  GDPR & You: 2026 ") == "gdpr-you-2026")
        #expect(PageScaffold.slug(for: "!!!") == "")
    }

    @Test(arguments: [(PageScaffold.Kind.post, "Content/blog/new-styles.md", "blog/new-styles/index.html"),
                      (.legal, "Content/legal/new-styles.md", "legal/new-styles/index.html"),
                      (.page, "Content/new-styles.md", "new-styles/index.html")])
    func eachKindGoesInItsFolderAndBuilds(kind: PageScaffold.Kind, file: String, output: String) throws {
        let site = try TemporarySite(["Content/index.md": page("title: Home")])
        #expect(try PageScaffold.create(kind, title: "New \"styles\"", root: site.root, now: TemporarySite.now) == file)
        let text = try String(contentsOf: site.root.appendingPathComponent(file), encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"New \\\"styles\\\"\"\n"))
        #expect(text.contains("draft: true"))
        try site.build()
        #expect(!site.exists(output), "a new page is a draft until the writer publishes it")
        try site.build(drafts: true)
        #expect(try site.read(output).contains("New &quot;styles&quot;"))
        if kind == .legal { #expect(text.contains("updated: 2026-06-01")) }
        if kind == .post { #expect(text.contains("date: 2026-06-01")) }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let site = try TemporarySite(["Content/careers.md": page("title: Careers", "Ours.\n")])
        #expect(throws: PageScaffold.Failure.self) { try PageScaffold.create(.page, title: "Careers", root: site.root) }
        #expect(try String(contentsOf: site.root.appendingPathComponent("Content/careers.md"), encoding: .utf8).contains("Ours."))
        #expect(throws: PageScaffold.Failure.self) { try PageScaffold.create(.page, title: "?!", root: site.root) }
    }
}
