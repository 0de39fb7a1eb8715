import Foundation
import Testing
@testable import SiteBuilder

/// A build writes a new output folder whole, and updates an existing one in place: only files whose
/// bytes changed are replaced, files the site no longer makes are removed, the rest stay as they were.
@Suite("Publishing the output folder")
struct OutputFolderTests {
    static func site() throws -> TemporarySite {
        try TemporarySite([
            "Content/index.md": page("title: Home", "[about](about.md) [post](blog/post.md)"),
            "Content/about.md": page("title: About", "About us."),
            "Content/blog/post.md": page("title: Post\ndate: 2026-01-02", "A post."),
            "public/css/site.css": "body { color: black }",
        ])
    }

    /// Each output file's inode: a file replaced by a rename gets a new one, an untouched file keeps its own.
    static func inodes(_ site: TemporarySite) throws -> [String: Int] {
        var inodes: [String: Int] = [:]
        for path in FileTree.relativeFilePaths(under: site.output) {
            let attributes = try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent(path).path)
            inodes[path] = (attributes[.systemFileNumber] as? NSNumber)?.intValue
        }
        return inodes
    }

    @Test func aSecondBuildOfAnUnchangedSiteRewritesNothing() throws {
        let site = try Self.site()
        try site.build()
        let before = try Self.inodes(site)
        #expect(before.count >= 6)
        try site.build()
        #expect(try Self.inodes(site) == before)
    }

    @Test func anEditReplacesOnlyTheFilesWhoseBytesChanged() throws {
        let site = try Self.site()
        try site.build()
        let before = try Self.inodes(site)
        try site.write("Content/about.md", page("title: About", "About us, and more."))
        try site.write("public/css/site.css", "body { color: navy }")
        try site.build()
        let after = try Self.inodes(site)
        #expect(Set(after.keys) == Set(before.keys))
        let replaced = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(replaced == ["about/index.html", "css/site.css"])
        #expect(try site.read("about/index.html").contains("About us, and more."))
        #expect(try site.read("css/site.css") == "body { color: navy }")
        let fresh = try TemporarySite(try site.sources())
        try fresh.build()
        #expect(try fresh.snapshot() == site.snapshot(), "the updated folder equals a fresh build")
    }

    @Test func aPageWithAOneLetterAddressIsRemovedLikeAnyOther() throws {
        let site = try Self.site()
        try site.write("Content/d.md", page("title: D"))
        try site.build()
        #expect(site.exists("d/index.html"))
        try site.remove("Content/d.md")
        try site.build()
        #expect(!site.exists("d"), "the page's folder went with it")
    }

    @Test(arguments: [("legal/privacy/index.html", "legal/privacy"), ("d/index.html", "d"), ("d", ""), ("/d", "/"), ("", "")])
    func theParentFolderOfAPath(path: String, parent: String) {
        #expect(ParentFolder.of(path) == parent)
    }

    @Test func filesTheSiteNoLongerMakesAreRemovedWithTheirEmptyFolders() throws {
        let site = try Self.site()
        try site.write("Content/blog/other.md", page("title: Other\ndate: 2026-01-03"))
        try site.build()
        try site.remove("Content/blog/post.md")
        try site.write("Content/index.md", page("title: Home", "[about](about.md)"))
        try FileManager.default.createDirectory(at: site.output.appendingPathComponent("stray/deep"), withIntermediateDirectories: true)
        try Data("left by hand".utf8).write(to: site.output.appendingPathComponent("stray/deep/file.txt"))
        try site.build()
        #expect(!site.exists("blog/post/index.html"))
        #expect(!site.exists("blog/post"), "the page's folder went with it")
        #expect(!site.exists("stray"), "a file no build made is removed, as when the folder was replaced whole")
        #expect(site.exists("blog/index.html"), "the section page stays")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site") }
        #expect(leftovers.isEmpty)
        let hidden = FileTree.relativeFilePaths(under: site.output).filter { $0.contains(".pigment-") }
        #expect(hidden.isEmpty, "no temporary file is left behind")
    }

    @Test func aFileThatCannotBeReplacedFailsTheBuildNamingIt() throws {
        let site = try Self.site()
        try site.build()
        // A folder where the page's file should be: the rename over it fails.
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("about/index.html"))
        try FileManager.default.createDirectory(at: site.output.appendingPathComponent("about/index.html/x"), withIntermediateDirectories: true)
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.count == 1)
        #expect(failure.lines[0].hasPrefix("_site/about/index.html:1:1: error: cannot write about/index.html:"), "\(failure.lines)")
    }
}

extension TemporarySite {
    /// Every source file of the site (not the output), to build the same site elsewhere.
    func sources() throws -> [String: String] {
        var files: [String: String] = [:]
        for path in FileTree.relativeFilePaths(under: root) where !path.hasPrefix("_site/") {
            files[path] = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        return files
    }
}
