import Foundation
import Testing
@testable import SiteBuilder

/// `--timings` prints each stage's CPU beside its wall time, as the cores it kept busy: a parallel
/// stage near 1.0 on a machine with more cores is the first thing to look into.
@Suite("Stage timings")
struct StageTimingTests {
    @Test func everyStageHasItsCPUTime() throws {
        let site = try TemporarySite(Dictionary(uniqueKeysWithValues: (0..<200).map { index in
            ("Content/blog/post-\(index).md", page("title: Post \(index)\ndate: 2026-01-02", String(repeating: "Some *text* here.\n\n", count: 50)))
        }))
        let report = try site.build()
        #expect(report.timings.allSatisfy { $0.cpuSeconds >= 0 && $0.seconds >= 0 })
        // 200 pages through cmark and the templates take CPU time the counter sees.
        #expect(report.timings.reduce(0) { $0 + $1.cpuSeconds } > 0)
        let busy = try #require(report.timings.first { $0.stage == "render Markdown" })
        #expect(busy.busyCores == (busy.seconds > 0 ? busy.cpuSeconds / busy.seconds : 0))
    }

    @Test func theProcessCPUClockOnlyGoesForward() {
        let before = CLibrary.processCPUSeconds
        var sum = 0.0
        for index in 0..<2_000_000 { sum += Double(index).squareRoot() }
        #expect(sum > 0)
        #expect(CLibrary.processCPUSeconds > before)
    }
}
