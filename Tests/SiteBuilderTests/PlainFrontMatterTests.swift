import Foundation
import PigmentModel
import Testing
import Yams
@testable import SiteBuilder

/// Most front matter is read by `PlainFrontMatter` instead of Yams, for speed. It must make exactly the
/// nodes Yams makes, or decline and leave the file to Yams; these tests compare the two.
@Suite("Plain front matter reader")
struct PlainFrontMatterTests {
    /// Shapes the fast reader must accept, each compared with what Yams makes of it.
    static let accepted = [
        "title: Privacy Policy",
        "title: \"Information Usage 9456\"\ndate: 2025-01-21\ndescription: \"Privacy account.\"\ntags: [privacy]",
        "title: 'It''s ours'\nweight: 1\ndraft: false\nnoindex: true",
        "title: Café au lait — ünïcödé\ntags: [\"a b\", c, 'd''e', ünï, 2026]",
        "title: x\n\n# a comment line\n   # an indented comment\nslug: my-page.v2",
        "title: http://example.com/a#b\nlayout: legal",
        "title: Trailing spaces   \nversion: 2026.1",
        "updated: 2026-05-04\neffective: 2026-05-04\ndate: 2026-05-04T10:30:00Z",
        "n: 0\nm: 007\nbig: 12345678901234567890\nneg: +5\nf: 1.5\nu: 1_000\ndot: .inf\nnan: .nan",
        "a: yes\nb: No\nc: on\nd: OFF\ne: null\nf: ~\ng: Null\nh: True\ni: y\nj: TRUE\nk: Yesterday",
        "merge: <<\nvalue: =\nslash: /x/y\nparen: (a)\ndollar: $5",
        "aliases: []\nempty: [ ]\nspaced: [ a ,b , c ]",
        "title: \"\"\nother: ''",
        "title: a:b\nother: 'a: b # not a comment'\nhash: a#b",
        "title: x\ntrue: key that is a boolean\nyes: another",
        "_private: 1\nkebab-case: 2\nsnake_case: 3",
    ]

    /// Shapes the fast reader must leave to Yams (nesting, escapes, comments after values, tabs...).
    static let declined = [
        "title: x\ntitle: y",
        "title:\n  nested: true",
        "tags:\n  - a\n  - b",
        "title: \"escaped \\\" quote\"",
        "title: x # trailing comment",
        "title: a: b",
        "title: |\n  block",
        "title: >\n  folded",
        "title: &anchor x\nother: *anchor",
        "title: !custom x",
        "title:\tx",
        "title: x\r\nother: y",
        "  title: indented",
        "title: -5",
        "title: - item",
        "title: [a, [b]]",
        "title: {a: 1}",
        "title: [a, b",
        "title: \"open quote",
        "title: 'open quote",
        "title: \"a\" trailing",
        "title: [a, b] trailing",
        "title: [a,, b]",
        "title: [a: b]",
        "\"quoted key\": x",
        "title: @reserved",
        "title: `reserved`",
        "title: ?question",
        "title: :colon",
        "%YAML 1.2\ntitle: x",
        "title: ends with colon:",
        "title: bell\u{07}",
        "title: c1\u{85}control",
        "title: line\u{2028}separator",
        "title: 'paragraph\u{2029}separator'",
        "title: x\n# a comment with a control character \u{01}",
        // Past the positions `YAMLMarks` keeps.
        "title: " + String(repeating: " ", count: YAMLMarks.columns) + "far",
        String(repeating: "\n", count: YAMLMarks.lines) + "title: low",
    ]

    @Test func everyAcceptedShapeMakesTheNodesYamsMakes() throws {
        for yaml in Self.accepted {
            let fast = try #require(PlainFrontMatter.parse(yaml), "declined: \(yaml)")
            let yams = try #require(try Yams.compose(yaml: yaml)?.mapping, "Yams: \(yaml)")
            expectSame(.mapping(fast), .mapping(yams), in: yaml)
        }
    }

    @Test func everyOtherShapeIsLeftToYams() {
        for yaml in Self.declined {
            #expect(PlainFrontMatter.parse(yaml) == nil, "accepted: \(yaml)")
        }
    }

    /// The repository's own pages, read both ways wherever the fast reader accepts them.
    @Test func theSitesOwnPagesReadTheSameBothWays() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Content").standardized
        var compared = 0
        for path in FileTree.relativeFilePaths(under: content) where path.hasSuffix(".md") {
            let file = SourceFile(contentPath: path, displayPath: path, text: try String(contentsOf: content.appendingPathComponent(path), encoding: .utf8))
            guard case .success(let split) = FrontMatter.split(file), !split.yaml.isEmpty,
                  let fast = PlainFrontMatter.parse(split.yaml) else { continue }
            let yams = try #require(try Yams.compose(yaml: split.yaml)?.mapping)
            expectSame(.mapping(fast), .mapping(yams), in: path)
            compared += 1
        }
        #expect(compared >= 10, "the fast reader declined most of the site's pages")
    }

    @Test func pagesReadThroughEitherPathGiveTheSameMetadataAndErrors() throws {
        let yaml = "title: \"Cookies\"\nupdated: 2026-13-01\nweight: x\ntags: [a, b]\nhero: yes\nscore: 12"
        let file = SourceFile(contentPath: "legal/cookies.md", displayPath: "Content/legal/cookies.md", text: "---\n\(yaml)\n---\nBody\n")
        let fast = try #require(PlainFrontMatter.parse(yaml))
        let yams = try #require(try Yams.compose(yaml: yaml)?.mapping)
        let (_, fastDiagnostics) = PageMetadata.read(fast, file: file, lineOffset: 1)
        let (_, yamsDiagnostics) = PageMetadata.read(yams, file: file, lineOffset: 1)
        #expect(fastDiagnostics.map(\.description) == yamsDiagnostics.map(\.description))
        #expect(fastDiagnostics.map(\.description).contains("Content/legal/cookies.md:3:10: error: 'updated': 2026-13-01 is not a day: months run from 01 to 12"))
    }

    private func expectSame(_ fast: Node, _ yams: Node, in source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(fast.mark?.line == yams.mark?.line && fast.mark?.column == yams.mark?.column,
                "\(source): mark \(String(describing: fast.mark)) vs \(String(describing: yams.mark)) for \(yams)", sourceLocation: sourceLocation)
        #expect(Resolver.default.resolveTag(of: fast) == Resolver.default.resolveTag(of: yams), "\(source): tag of \(yams)", sourceLocation: sourceLocation)
        switch (fast, yams) {
        case let (.scalar(a), .scalar(b)):
            #expect(a.string == b.string && a.style == b.style, "\(source): \(a) vs \(b)", sourceLocation: sourceLocation)
        case let (.sequence(a), .sequence(b)):
            #expect(a.count == b.count && a.style == b.style, "\(source): \(a) vs \(b)", sourceLocation: sourceLocation)
            for (x, y) in zip(a, b) { expectSame(x, y, in: source, sourceLocation: sourceLocation) }
        case let (.mapping(a), .mapping(b)):
            #expect(a.count == b.count && a.style == b.style, "\(source): \(a.count) vs \(b.count) keys, \(a.style) vs \(b.style)", sourceLocation: sourceLocation)
            for (x, y) in zip(a, b) {
                expectSame(x.key, y.key, in: source, sourceLocation: sourceLocation)
                expectSame(x.value, y.value, in: source, sourceLocation: sourceLocation)
            }
        default:
            Issue.record("\(source): \(fast) vs \(yams)", sourceLocation: sourceLocation)
        }
    }
}
