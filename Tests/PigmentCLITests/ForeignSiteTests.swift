import Foundation
import Testing

/// `Tests/sites/jekyll-policies`: a policy repository written for Jekyll and GitHub (pipe tables of
/// every shape, `redirect_from`, `<a name>` anchors, three levels of folders, non-ASCII lines, a
/// Liquid tag left over), built as a writer who brings it would build it.
@Suite("A Jekyll policy repository")
struct ForeignSiteTests {
    static let fixture = PigmentProcess.packageRoot.appendingPathComponent("Tests/sites/jekyll-policies")

    /// A copy to build (and edit) in a temporary folder.
    static func copy() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-jekyll-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: root)
        return root
    }

    /// The line (from 1) of `file` that holds `marker`, and its text.
    static func line(of marker: String, in file: String) throws -> (number: Int, text: Substring) {
        let text = try String(contentsOf: fixture.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains(marker) })
        return (index + 1, lines[index])
    }

    /// `file:line:col` of the first `[` on the line holding `marker`, counted in characters as a writer's editor does.
    static func location(of marker: String, in file: String) throws -> String {
        let (number, line) = try self.line(of: marker, in: file)
        let bracket = try #require(line.firstIndex(of: "["))
        return "\(file):\(number):\(line.distance(from: line.startIndex, to: bracket) + 1)"
    }

    @Test func itFailsOnlyWhereALinkIsReallyBroken() throws {
        let root = try Self.copy()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try PigmentProcess.run(["build", "--root", root.path])
        #expect(outcome.status == 1)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
        #expect(errors == [
            "\(try Self.location(of: "/policies/terms/overview/", in: "Content/policies/terms/regional/jp.md")): error: "
                + "link to missing page or file '/policies/terms/overview/'",
            "\(try Self.location(of: "/policies/glossary/", in: "Content/policies/terms/use.md")): error: "
                + "link to missing page or file '/policies/glossary/'",
        ])
    }

    @Test func onceTheLinksAreFixedEveryTableAndRedirectIsPublished() throws {
        let root = try Self.copy()
        defer { try? FileManager.default.removeItem(at: root) }
        for (file, broken, fixed) in [("Content/policies/terms/regional/jp.md", "/policies/terms/overview/", "../use.md"),
                                      ("Content/policies/terms/use.md", "/policies/glossary/", "/policies/privacy/")] {
            let url = root.appendingPathComponent(file)
            try Data(try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: broken, with: fixed).utf8).write(to: url)
        }
        let outcome = try PigmentProcess.run(["build", "--root", root.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let site = root.appendingPathComponent("_site")
        func read(_ path: String) throws -> String { try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8) }

        // Tables: the 34-row list, one without outer pipes, one with no body rows; each cell's Markdown rendered.
        let privacy = try read("policies/privacy/index.html")
        #expect(privacy.components(separatedBy: "<table").count - 1 == 3)
        #expect(privacy.components(separatedBy: "<tr>").count - 1 == 1 + 34 + 1 + 3 + 1)
        #expect(privacy.contains("Tax law | commercial law"), "an escaped pipe stays in its cell")
        #expect(!privacy.contains("| ---") && !privacy.contains("|—"), "no pipe soup")
        #expect(try read("policies/cookies/index.html").contains("<code>session</code>"))
        #expect(try read("policies/terms/use/index.html").contains("<table"))
        #expect(try read("policies/terms/regional/jp/index.html").contains("<td>日本法</td>"))
        #expect(!outcome.stderr.contains("pipe table"))

        // Redirects from redirect_from, a text or a list; the one with a fragment skipped with a warning.
        for (old, target) in [("privacy/index.html", "/policies/privacy/"), ("privacy-statement.html", "/policies/privacy/"),
                              ("cookies/index.html", "/policies/cookies/"), ("terms/index.html", "/policies/terms/use/"),
                              ("tos/index.html", "/policies/terms/use/"), ("terms/eu/index.html", "/policies/terms/regional/eu/")] {
            #expect(try read(old).contains("url=\(target)"), "\(old) redirects to \(target)")
        }
        #expect(outcome.stderr.contains("redirect_from entry '/policies/privacy-statement#top' is skipped"))

        // Three levels of folders, each with an index listing what is inside, and breadcrumbs below.
        #expect(try read("policies/index.html").contains(#"<a href="/policies/terms/">Terms</a>"#))
        #expect(try read("policies/terms/index.html").contains(#"<a href="/policies/terms/regional/">Regional</a>"#))
        #expect(try read("policies/terms/regional/eu/index.html").contains(
            #"<li><a href="/">Home</a></li><li><a href="/policies/">Policies</a></li><li><a href="/policies/terms/">Terms</a></li>"#))

        // The Liquid tag left from Jekyll is published as text, and the writer is told where.
        let liquid = try Self.line(of: "{% data", in: "Content/policies/privacy.md").number
        #expect(outcome.stderr.contains("Content/policies/privacy.md:\(liquid):1: warning: Liquid"), "\(outcome.stderr)")
    }
}
