import Foundation
import Testing

/// What a build prints: on a terminal, a progress line once it runs over a second (erased at the
/// end); elsewhere only diagnostics and one summary line naming pages, files changed, warnings,
/// errors and the time.
@Suite("pigment build's progress and summary")
struct BuildSummaryTests {
    static let summary = #"^Built 4 pages, \d+ files \(\d+ changed\) in \d+\.\d\d s → \S+; \d+ warnings?, 0 errors$"#

    @Test func offATerminalThereIsOnlyTheSummaryLine() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let first = try PigmentProcess.run(["build", "--root", site.root.path], environment: ["PIGMENT_PROGRESS_DELAY": "0"])
        // The minimal site's privacy page has no date: one warning, and nothing else on stderr.
        #expect(first.stderr.hasPrefix("Content/legal/privacy.md:") && !first.stderr.contains("building"), "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].range(of: Self.summary, options: .regularExpression) != nil, "\(first.stdout)")
        let again = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(again.stdout.contains("(0 changed)") && again.stdout.contains("; 1 warning, 0 errors"), "\(again.stdout)")

        try site.write("Content/index.md", "---\ntitle: Home\n---\n[gone](/nowhere/)\n")
        let failed = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.split(separator: "\n").last?.range(of: #"^build failed: 1 error, 1 warning; the previous output was left untouched \(\d+\.\d\d s\)$"#,
                                                                   options: .regularExpression) != nil, "\(failed.stderr)")
    }

    @Test func onATerminalALongBuildShowsItsStagesThenErasesThem() throws {
        var files = ScratchSite.minimal
        // Enough pages that the build lasts a few redraws of the line.
        for index in 0..<400 { files["Content/notes/n\(index).md"] = "---\ntitle: Note \(index)\n---\n" + String(repeating: "Some *text* here.\n\n", count: 40) }
        let site = try ScratchSite(files)
        defer { site.remove() }
        // `script` gives the build a terminal; the delay of 0 stands for a build over a second.
        let command = "\(PigmentProcess.executable.path) build --root \(site.root.path)"
        let outcome = try PigmentProcess.run(["-qec", command, "/dev/null"], environment: ["PIGMENT_PROGRESS_DELAY": "0"],
                                             executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\r\u{1B}[Kbuilding: stage "), "\(outcome.stdout.debugDescription)")
        // Erased before the diagnostics and the summary, and not drawn again.
        let erased = try #require(outcome.stdout.range(of: "\r\u{1B}[K", options: .backwards))
        let rest = outcome.stdout[erased.upperBound...]
        #expect(!rest.contains("building") && rest.contains("warning: ") && rest.range(of: #"Built \d+ pages, \d+ files \(\d+ changed\)"#, options: .regularExpression) != nil, "\(outcome.stdout.debugDescription)")
    }
}
