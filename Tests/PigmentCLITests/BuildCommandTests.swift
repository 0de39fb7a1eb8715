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

    /// `--timings`: a line per stage, in the pipeline's order, with its time and the cores it kept busy
    /// (the process's CPU time over the stage ÷ its wall time). On the repository's own site, so that
    /// stages last long enough for the ratio to mean something: over a few microseconds, the pool's
    /// threads winding down from the last stage can count for more than the stage itself.
    @Test func timingsPrintEachStageWithItsTimeAndBusyCores() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("timings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let outcome = try PigmentProcess.run(["build", "--root", PigmentProcess.packageRoot.path, "--output", output.path, "--timings"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let line = /^ +(\d+\.\d) ms +(\d+\.\d\d) cores +(\S.*)$/
        let stages = outcome.stdout.split(separator: "\n").compactMap { text in
            (try? line.wholeMatch(in: text)).map { (ms: Double($0.1)!, cores: Double($0.2)!, stage: String($0.3)) }
        }
        let expected = ["load site.yml", "load templates", "load content", "read front matter", "render Markdown", "assemble",
                        "render templates and write pages", "write generated files and public/", "check links", "put changed files in place"]
        // In this order, others allowed between them.
        var remaining = expected[...]
        for stage in stages.map(\.stage) where stage == remaining.first { remaining.removeFirst() }
        #expect(remaining.isEmpty, "stages missing or out of order: \(Array(remaining)) in \(stages.map(\.stage))")
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let long = stages.filter { $0.ms >= 2 }
        #expect(long.count >= 3, "too few stages of 2 ms or more to judge: \(stages)")
        for timing in long {
            #expect(timing.cores >= 0 && timing.cores <= cores + 0.25, "\(timing.stage): \(timing.cores) cores")
        }
        // A stage that waits on the disk may show next to nothing, but the computing ones keep a core busy.
        #expect(long.contains { $0.cores >= 0.5 }, "no stage kept even half a core busy: \(long)")
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
