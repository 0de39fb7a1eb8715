import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// `pigment serve` rebuilds with a `BuildCache`: it must redo only what an edit affects, and still
/// write exactly the site a build from scratch writes. Runs on a copy of the real site.
@Suite("Incremental rebuilds")
struct IncrementalRebuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the project's Content, Templates and public folders, built once with a cache.
    final class ServedSite {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-incremental-\(UUID().uuidString)")
        let cache: BuildCache
        var served: URL { root.appendingPathComponent("_site") }
        var fresh: URL { root.appendingPathComponent("_fresh") }

        /// `watched`: edits are reported to the cache, as `pigment serve`'s file watcher does.
        init(watched: Bool = false) throws {
            cache = BuildCache(changesAreReported: watched)
            for folder in ["Content", "Templates", "public"] {
                try FileManager.default.copyItem(at: repository.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
            }
            try rebuild()
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func options(output: URL, cache: BuildCache?) -> BuildOptions {
            var options = BuildOptions(root: root, output: output, now: SiteDate(parsing: "2026-11-25T12:00:00Z")!.date)
            options.cache = cache
            return options
        }

        @discardableResult
        func rebuild() throws -> BuildReport { try buildSite(options(output: served, cache: cache)) }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let url = root.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = change(text)
            #expect(changed != text, "the edit of \(path) changed nothing")
            try Data(changed.utf8).write(to: url)
            cache.filesChanged([url.standardizedFileURL.path])
        }

        func create(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            cache.filesChanged([url.standardizedFileURL.path])
        }

        func remove(_ path: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.removeItem(at: url)
            cache.filesChanged([url.standardizedFileURL.path])
        }

        /// Every file of a folder with its bytes.
        func files(under folder: URL) -> [String: Data] {
            Dictionary(uniqueKeysWithValues: FileTree.relativeFilePaths(under: folder).map {
                ($0, FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data())
            })
        }

        /// The served folder equals a build without the cache, file for file.
        func expectSameAsFreshBuild(after edit: String) throws {
            try? FileManager.default.removeItem(at: fresh)
            _ = try buildSite(options(output: fresh, cache: nil))
            let served = files(under: served), fresh = files(under: fresh)
            #expect(Set(served.keys) == Set(fresh.keys), "after \(edit): the served site has other files than a fresh build")
            let differing = served.keys.filter { fresh[$0] != nil && served[$0] != fresh[$0] }.sorted()
            #expect(differing.isEmpty, "after \(edit): these files differ from a fresh build: \(differing)")
        }
    }

    @Test func aPageEditRendersThatPageAlone() throws {
        let site = try ServedSite()
        try site.edit("Content/about.md") { $0 + "\nOne more sentence.\n" }
        let report = try site.rebuild()
        #expect(report.renderedPageCount == 1)
        #expect(report.changedFiles == ["about/index.html"])
        try site.expectSameAsFreshBuild(after: "a page edit")
    }

    /// A long `pigment serve` session must not keep what is gone: after pages come and go, the cache
    /// holds what it held before them.
    @Test func pagesThatComeAndGoLeaveNothingBehind() throws {
        for watched in [false, true] {
            let site = try ServedSite(watched: watched)
            try site.rebuild()
            let before = site.cache.entryCounts
            for run in 0..<3 {
                try site.create("Content/blog/passing-\(run).md", "---\ntitle: Passing \(run)\ndate: 2025-03-01\n---\n\nHere and gone.\n")
                try site.rebuild()
                #expect(site.cache.entryCounts != before, "the new page is kept while it exists")
                try site.remove("Content/blog/passing-\(run).md")
                try site.rebuild()
            }
            #expect(site.cache.entryCounts == before, "watched: \(watched)")
            try site.expectSameAsFreshBuild(after: "pages added and removed")
        }
    }

    /// The stages a report names tell which rebuild ran: `BodyEditRebuild` or the whole pipeline.
    static func tookTheQuickPath(_ report: BuildReport) -> Bool {
        report.timings.contains { $0.stage == "render the edited pages" }
    }

    @Test func aWatchedEditOfAPageTextRebuildsJustThatPage() throws {
        let site = try ServedSite(watched: true)
        let fresh = try buildSite(site.options(output: site.fresh, cache: nil))
        try site.edit("Content/about.md") { $0 + "\nOne more sentence, with [a link](legal/privacy.md).\n" }
        let report = try site.rebuild()
        #expect(Self.tookTheQuickPath(report))
        #expect(report.renderedPageCount == 1)
        #expect(report.changedFiles == ["about/index.html"])
        #expect(report.diagnostics.map(\.description) == fresh.diagnostics.map(\.description))
        try site.expectSameAsFreshBuild(after: "a page text edit")

        // Again, twice in a row: each rebuild starts from the one before.
        try site.edit("Content/about.md") { $0 + "\nAnd another.\n" }
        try site.edit("Content/blog/pigment-studio-is-open.md") { $0 + "\nA postscript.\n" }
        let second = try site.rebuild()
        #expect(Self.tookTheQuickPath(second))
        #expect(Set(second.changedFiles) == ["about/index.html", "blog/pigment-studio-is-open/index.html", "blog/feed.xml"], "the feed shows post texts")
        try site.expectSameAsFreshBuild(after: "two page text edits")
    }

    @Test func editsTheQuickPathCannotVouchForGoThroughTheWholeBuild() throws {
        let site = try ServedSite(watched: true)
        // New heading ids: other pages may point at them.
        try site.edit("Content/about.md") { $0 + "\n## A new heading\n" }
        #expect(!Self.tookTheQuickPath(try site.rebuild()))
        try site.expectSameAsFreshBuild(after: "a new heading")
        // Front matter.
        try site.edit("Content/about.md") { $0.replacingOccurrences(of: "title: ", with: "title: New ", options: [], range: $0.range(of: "title: ")) }
        #expect(!Self.tookTheQuickPath(try site.rebuild()))
        try site.expectSameAsFreshBuild(after: "a title edit")
        // A broken link: the whole build reports it, and leaves the served page as it was.
        try site.edit("Content/about.md") { $0 + "\nSee [nowhere](/nowhere/).\n" }
        #expect(throws: BuildFailure.self) { try site.rebuild() }
        try site.edit("Content/about.md") { $0.replacingOccurrences(of: "See [nowhere](/nowhere/).", with: "See [the home page](/).") }
        #expect(!Self.tookTheQuickPath(try site.rebuild()), "after a failed build the next one runs whole")
        try site.expectSameAsFreshBuild(after: "a broken link, fixed")
        try site.edit("Content/about.md") { $0 + "\nBack to the quick path.\n" }
        #expect(Self.tookTheQuickPath(try site.rebuild()))
        // A template edit with a page edit.
        try site.edit("Content/about.md") { $0 + "\nWith a template edit.\n" }
        try site.edit("Templates/partials/footer.mustache") { $0 + "\n" }
        #expect(!Self.tookTheQuickPath(try site.rebuild()))
        try site.expectSameAsFreshBuild(after: "a page and a template edit")
        // A legal page: its versions and "what changed" pages depend on its text.
        try site.edit("Content/legal/terms.md") { $0 + "\nOne more clause.\n" }
        #expect(!Self.tookTheQuickPath(try site.rebuild()))
        try site.expectSameAsFreshBuild(after: "a legal text edit")
    }

    @Test func aNewTitleAlsoRendersTheListsThatShowIt() throws {
        let site = try ServedSite()
        try site.edit("Content/legal/terms.md") { $0.replacingOccurrences(of: "title: ", with: "title: Renamed ", options: [], range: $0.range(of: "title: ")) }
        let report = try site.rebuild()
        #expect(report.changedFiles.contains("legal/terms/index.html"))
        #expect(report.changedFiles.contains("legal/index.html"), "the legal index lists the title")
        #expect(report.renderedPageCount < report.pageCount / 2)
        try site.expectSameAsFreshBuild(after: "a title change")
    }

    @Test func aTemplateEditRendersOnlyThePagesThatUseIt() throws {
        let site = try ServedSite()
        #expect(try site.rebuild().renderedPageCount == 0, "nothing changed: nothing is rendered")
        try site.edit("Templates/legal.mustache") { $0 + "\n" }
        let report = try site.rebuild()
        #expect(report.renderedPageCount > 0 && report.renderedPageCount < report.pageCount)
        #expect(report.changedFiles.allSatisfy { $0.hasPrefix("legal/") }, "\(report.changedFiles)")
        try site.expectSameAsFreshBuild(after: "a template edit")
    }

    @Test func aDataEditRendersOnlyThePagesThatShowIt() throws {
        let site = try ServedSite()
        try site.edit("Content/data/subprocessors.yml") { $0.replacingOccurrences(of: "purpose: ", with: "purpose: Now ", options: [], range: $0.range(of: "purpose: ")) }
        let report = try site.rebuild()
        #expect(Set(report.changedFiles) == ["legal/privacy/index.html", "legal/subprocessors/index.html"])
        #expect(report.renderedPageCount < report.pageCount / 2)
        try site.expectSameAsFreshBuild(after: "a data edit")
    }

    @Test(arguments: [false, true])
    func everyKindOfEditLeavesTheSiteAFreshBuildWouldWrite(watched: Bool) throws {
        let site = try ServedSite(watched: watched)
        try site.edit("Content/data/consent.yml") { $0 + "\n# a comment\n" }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a consent registry edit")

        try site.edit("Content/site.yml") { $0.replacingOccurrences(of: "title: ", with: "title: New ", options: [], range: $0.range(of: "title: ")) }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a site.yml edit")

        try site.create("Content/blog/brand-new.md", "---\ntitle: Brand new\ndate: 2026-11-01\n---\n\nHello, [about](../about.md).\n")
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a new page")

        try site.edit("Content/blog/brand-new.md") { $0.replacingOccurrences(of: "title: Brand new", with: "title: Brand new\nslug: renamed") }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a slug change")

        try site.remove("Content/blog/brand-new.md")
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a removed page")

        // A folder moved in, then out: the watcher names only the folder.
        let outside = site.root.appendingPathComponent("guides-elsewhere")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("---\ntitle: A guide\n---\n\nSteps.\n".utf8).write(to: outside.appendingPathComponent("first.md"))
        let guides = site.root.appendingPathComponent("Content/guides")
        try FileManager.default.moveItem(at: outside, to: guides)
        site.cache.filesChanged([guides.standardizedFileURL.path])
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a folder moved in")
        try FileManager.default.moveItem(at: guides, to: outside)
        site.cache.filesChanged([guides.standardizedFileURL.path])
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a folder moved out")

        try site.edit("Content/about.md") { $0 + "\n## A new heading\n\nA body edit.\n" }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a body edit with a new heading")

        try site.edit("Content/blog/pigment-studio-is-open.md") { $0.replacingOccurrences(of: "date: 2026-05-12", with: "date: 2026-05-12\nupdated: 2026-11-21") }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a post's updated date")

        try site.edit("Templates/partials/footer.mustache") { $0 + "\n" }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a partial edit")

        try site.edit("Content/legal/privacy.md") { $0.replacingOccurrences(of: "updated: 2026-05-04", with: "updated: 2026-11-20") }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a new privacy policy version")
    }

    /// Folders at any depth are sections: their index pages list their pages and the folders inside,
    /// and every page inside shows the trail above it, so each of these edits reaches other pages.
    @Test(arguments: [false, true])
    func nestedFoldersStayAsAFreshBuildWouldWriteThem(watched: Bool) throws {
        let site = try ServedSite(watched: watched)
        try site.create("Content/policies/terms/regional/eu.md", "---\ntitle: EU terms\n---\n\nSee [the terms](../use.md).\n")
        try site.create("Content/policies/terms/use.md", "---\ntitle: Terms of use\nredirect_from: /old-terms/\n---\n\nUse it well.\n")
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "pages two and three folders deep")
        let trail = try String(contentsOf: site.served.appendingPathComponent("policies/terms/regional/eu/index.html"), encoding: .utf8)
        #expect(trail.contains(#"<a href="/policies/">Policies</a>"#) && trail.contains(#"<a href="/policies/terms/regional/">Regional</a>"#))
        let policies = try String(contentsOf: site.served.appendingPathComponent("policies/index.html"), encoding: .utf8)
        #expect(policies.contains(#"<a href="/policies/terms/">Terms</a>"#), "a folder's index lists the folders inside it")

        try site.create("Content/policies/terms/_index.md", "---\ntitle: All our terms\n---\n\nEvery term we set.\n")
        let report = try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a nested folder's index given its own text")
        #expect(report.changedFiles.contains("policies/terms/regional/eu/index.html"), "the trail below shows the new title")

        try site.edit("Content/policies/terms/_index.md") { $0.replacingOccurrences(of: "All our terms", with: "Terms, all of them") }
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "a nested index's title edit")

        try site.remove("Content/policies/terms/regional/eu.md")
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "the deepest page removed")
        #expect(!FileManager.default.fileExists(atPath: site.served.appendingPathComponent("policies/terms/regional/index.html").path),
                "an emptied folder loses its index")
    }

    @Test func aFailedRebuildWritesNothingAndTheNextOneCatchesUp() throws {
        let site = try ServedSite()
        try site.edit("Content/about.md") { $0 + "\nFirst edit.\n" }
        try site.edit("Content/legal/terms.md") { $0.replacingOccurrences(of: "title:", with: "title: [unclosed") }
        #expect(throws: BuildFailure.self) { try site.rebuild() }
        #expect(!(try String(contentsOf: site.served.appendingPathComponent("about/index.html"), encoding: .utf8)).contains("First edit."))
        try site.edit("Content/legal/terms.md") { $0.replacingOccurrences(of: "title: [unclosed", with: "title:") }
        let report = try site.rebuild()
        #expect(report.changedFiles.contains("about/index.html"), "the edit made during the failed build is written once it is fixed")
        try site.expectSameAsFreshBuild(after: "a fixed error")
    }

    @Test func aRemovedOutputFolderIsWrittenWhole() throws {
        let site = try ServedSite()
        try FileManager.default.removeItem(at: site.served)
        try site.rebuild()
        try site.expectSameAsFreshBuild(after: "removing the output folder")
    }
}
