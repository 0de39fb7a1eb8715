import Foundation
import Testing

/// `pigment build --manifest FILE`: each output file with its size, SHA-256 and what the build did to it.
@Suite("pigment build --manifest")
struct PublishManifestTests {
    struct Entry: Decodable, Equatable {
        var path: String
        var size: Int?
        var sha256: String?
        var status: String
    }

    struct Manifest: Decodable {
        var files: [Entry]
        var summary: [String: Int]
        func status(_ path: String) -> String? { files.first { $0.path == path }?.status }
    }

    static func build(_ site: ScratchSite, manifest name: String) throws -> (Manifest, String) {
        let path = site.root.appendingPathComponent(name).path
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path, "--manifest", path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (try JSONDecoder().decode(Manifest.self, from: Data(text.utf8)), text)
    }

    static func sha256(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(output.prefix(64))
    }

    @Test func aFirstBuildAddsEveryFileWithItsSizeAndDigest() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let (manifest, _) = try Self.build(site, manifest: "manifest.json")
        #expect(!manifest.files.isEmpty && manifest.files.allSatisfy { $0.status == "added" })
        #expect(manifest.files.map(\.path) == manifest.files.map(\.path).sorted())
        #expect(manifest.summary == ["added": manifest.files.count, "changed": 0, "unchanged": 0, "removed": 0])
        for entry in manifest.files {
            let url = site.root.appendingPathComponent("_site/" + entry.path)
            #expect(entry.size == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int))
            #expect(entry.sha256 == (try Self.sha256(url)))
        }
    }

    @Test func laterBuildsSayWhatWasAddedChangedLeftAndRemovedAndRepeatExactly() throws {
        var files = ScratchSite.minimal
        files["Content/old.md"] = "---\ntitle: Old\n---\nGoing.\n"
        let site = try ScratchSite(files)
        defer { site.remove() }
        _ = try Self.build(site, manifest: "first.json")

        let (unchanged, text) = try Self.build(site, manifest: "second.json")
        #expect(unchanged.files.allSatisfy { $0.status == "unchanged" })
        #expect(try Self.build(site, manifest: "third.json").1 == text, "the same folders give the same bytes")

        try site.write("Content/legal/privacy.md", "---\ntitle: Privacy\n---\n## Cookies\n\nWe use fewer.\n")
        try site.write("Content/new.md", "---\ntitle: New\n---\nHere.\n")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/old.md"))
        let (after, _) = try Self.build(site, manifest: "fourth.json")
        #expect(after.status("legal/privacy/index.html") == "changed")
        #expect(after.status("new/index.html") == "added")
        #expect(after.files.first { $0.path == "old/index.html" } == Entry(path: "old/index.html", size: nil, sha256: nil, status: "removed"))
        #expect(after.status("index.html") == "unchanged")
        // The sitemap lists the pages, so it changed too; nothing else did.
        let changedOrNew = Set(after.files.filter { $0.status != "unchanged" }.map(\.path))
        #expect(changedOrNew.subtracting(["sitemap.xml", "feed.xml", "robots.txt"]) == ["legal/privacy/index.html", "new/index.html", "old/index.html"])
    }

    @Test func aManifestInsideTheOutputFolderIsRefused() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path, "--manifest", site.root.appendingPathComponent("_site/m.json").path])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("inside the output folder"))
    }

    @Test func aFailedBuildWritesNoManifest() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        try site.write("Content/index.md", "---\ntitle: Home\n---\n[gone](/nowhere/)\n")
        let path = site.root.appendingPathComponent("m.json").path
        #expect(try PigmentProcess.run(["build", "--root", site.root.path, "--manifest", path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
