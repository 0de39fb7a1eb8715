import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Which external links `check --external` finds in the sources, and where.
@Suite("External link scanner")
struct ExternalLinkScannerTests {
    static func found(_ text: String, markdown: Bool = true) -> [String] {
        ExternalLinkScanner.links(in: text, file: "Content/p.md", isMarkdown: markdown).map { "\($0.location.line):\($0.location.column) \($0.url)" }
    }

    @Test func linksAreFoundWhereTheyAreWrittenWithoutSentencePunctuation() {
        #expect(Self.found("See [the policy](https://vendor.io/privacy).\nOr <https://a.io/x?y=1#z>, or https://b.io/path.")
                == ["1:18 https://vendor.io/privacy", "2:5 https://a.io/x?y=1#z", "2:31 https://b.io/path"])
        #expect(Self.found("[wiki](https://en.wikipedia.org/wiki/Cookie_(computing)) and (https://c.io/a)") ==
                ["1:8 https://en.wikipedia.org/wiki/Cookie_(computing)", "1:63 https://c.io/a"])
    }

    @Test func codeExamplesReservedNamesAndTemplateBuiltLinksAreLeftOut() {
        let text = "```\nhttps://in-a-fence.io/\n```\nUse `https://in-code.io/` or https://example.com/x, https://shop.test/, http://localhost:8080/.\n"
        #expect(Self.found(text).isEmpty)
        #expect(Self.found(#"<a href="https://cdn.io/{{page.slug}}">x</a> <a href="https://kept.io/a">"#, markdown: false) == ["1:55 https://kept.io/a"])
        // Outside Markdown, backticks are not code.
        #expect(Self.found("url: `https://yaml.io/`", markdown: false) == ["1:7 https://yaml.io/"])
    }

    @Test func pagesDataFilesAndTemplatesAreScannedAndNothingElse() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in ["Content/a.md": "https://page.io/", "Content/data/providers.yml": "- url: https://data.io/\n",
                             "Templates/base.mustache": "<a href=\"https://template.io/\">", "public/js/x.js": "https://asset.io/",
                             "Content/image.png": "https://binary.io/"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        #expect(ExternalLinkScanner.links(under: root).map(\.url) == ["https://page.io/", "https://data.io/", "https://template.io/"])
        #expect(ExternalLinkScanner.links(under: root).map(\.location.file) == ["Content/a.md", "Content/data/providers.yml", "Templates/base.mustache"])
    }

    @Test func excludePatternsAreWildcardsOrPrefixes() {
        #expect(ExternalLinkPattern.matches("https://twitter.com/*", "https://twitter.com/pigment"))
        #expect(!ExternalLinkPattern.matches("https://twitter.com/*", "https://x.com/pigment"))
        #expect(ExternalLinkPattern.matches("https://intranet.", "https://intranet.corp/a"))
        #expect(ExternalLinkPattern.matches("*://*.internal.io/*", "http://wiki.internal.io/page"))
    }

    @Test func retryAfterIsSecondsOrADate() {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(ExternalLinkChecker.retryAfter("120", now: now) == 120)
        #expect(ExternalLinkChecker.retryAfter("Thu, 28 May 2026 20:27:20 GMT", now: now) == 40)
        #expect(ExternalLinkChecker.retryAfter("soon", now: now) == nil)
    }

    /// What a broken link's warning says after its status: the status's name, or its class when it has none.
    @Test func aStatusIsNamedOrItsClassIs() {
        #expect(ExternalLinkChecker.reasonPhrase(404) == "Not Found")
        #expect(ExternalLinkChecker.reasonPhrase(410) == "Gone")
        #expect(ExternalLinkChecker.reasonPhrase(499) == "Client Error")
        #expect(ExternalLinkChecker.reasonPhrase(599) == "Server Error")
    }
}
