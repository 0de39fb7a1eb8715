import Foundation
import Testing

@Suite("pigment build and check")
struct BuildCommandTests {
    @Test func successfulBuildExitsZeroAndWritesTheSite() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Built 4 pages"))
        #expect(try site.read("_site/legal/privacy/index.html").contains("<h1>Privacy</h1>"))
    }

    @Test func brokenLinkExitsOneWithCompilerStyleErrorAndKeepsTheLastGoodSite() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        #expect(try PigmentProcess.run(["build", "--root", site.root.path]).status == 0)
        let before = try site.read("_site/index.html")

        try site.write("Content/index.md", "---\ntitle: Home\n---\nSee the [policy](legal/privacy.md).\nAnd [terms](/legal/terms/).\n")
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("Content/index.md:5:5: error: link to missing page or file '/legal/terms/'\n"
                                        + " 5 | And [terms](/legal/terms/).\n   |     ^\n"))
        // (The warning: the minimal site's privacy page has no 'updated' date.)
        #expect(outcome.stderr.contains("build failed: 1 error, 1 warning; the previous output was left untouched"))
        #expect(try site.read("_site/index.html") == before)
    }

    /// Columns count characters and the caret is padded by terminal width: after en dashes and a CJK word.
    @Test func theCaretStandsUnderTheLinkAfterEnDashesAndWideCharacters() throws {
        var files = ScratchSite.minimal
        files["Content/index.md"] = "---\ntitle: Home\n---\nSee – the – 規約 [terms](/legal/terms/).\n"
        let site = try ScratchSite(files)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("Content/index.md:4:16: error: link to missing page or file '/legal/terms/'\n"
                                        + " 4 | See – the – 規約 [terms](/legal/terms/).\n"
                                        + "   |                  ^\n"), "\(outcome.stderr)")
    }

    @Test func outputFlagChoosesTheFolder() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path, "--output", site.root.appendingPathComponent("public-out").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(site.exists("public-out/index.html"))
        #expect(!site.exists("_site"))
    }

    @Test func checkVerifiesWithoutWriting() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        #expect(try PigmentProcess.run(["check", "--root", site.root.path]).status == 0)
        #expect(!site.exists("_site"))
        try site.write("Content/legal/privacy.md", "---\ntitle: Privacy\n---\nSee [nothing](/nope/).\n")
        let outcome = try PigmentProcess.run(["check", "--root", site.root.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("Content/legal/privacy.md:4:5: error: link to missing page or file '/nope/'"))
        #expect(!site.exists("_site"))
    }

    @Test func strictFailsOnWarnings() throws {
        var files = ScratchSite.minimal
        files["Content/raw.md"] = "---\ntitle: Raw\n---\n<div>raw</div>\n"
        let site = try ScratchSite(files)
        defer { site.remove() }
        let lenient = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("Content/raw.md:4:1: warning: raw HTML is omitted"))
        #expect(try PigmentProcess.run(["build", "--root", site.root.path, "--strict"]).status == 1)
    }
}
