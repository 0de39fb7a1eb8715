import Foundation
import Testing

@Suite("pigment release")
struct ReleaseCommandTests {
    /// A legal page without `updated` has no version: release names it instead of calling every version released.
    @Test func releaseNamesTheLegalPagesItSkipsAndWhy() throws {
        var files = ScratchSite.minimal
        files["Content/legal/terms.md"] = "---\ntitle: Terms\nupdated: 2026-05-04\n---\nBe kind.\n"
        let site = try ScratchSite(files)
        defer { site.remove() }
        let skipped = "Skipped Content/legal/privacy.md: it has no 'updated' date (or 'version'), so it has no version to release\n"

        let first = try PigmentProcess.run(["release", "--root", site.root.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Released Content/_versions/legal/terms/2026-05-04.html\n" + skipped)

        let second = try PigmentProcess.run(["release", "--root", site.root.path])
        #expect(second.stdout == skipped + "Every other legal page's current version is already released.\n")
    }

    @Test func buildWarnsAboutALegalPageWithoutADate() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Content/legal/privacy.md:1:1: warning: legal page has no 'updated' date, so it has no version: "
                                        + "earlier texts are not kept online and `pigment release` skips it; "
                                        + "add 'updated: YYYY-MM-DD', the day this text took effect\n"))
    }
}
