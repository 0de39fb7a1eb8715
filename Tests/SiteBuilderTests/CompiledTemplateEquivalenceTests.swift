import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// The compiled renderer (`CompiledTemplates`) must write exactly what swift-mustache writes: each
/// site here is built twice, once each way, with its real pages, listings, data files and
/// shortcodes, and every file of the two outputs is compared byte for byte.
@Suite("Compiled templates: the same bytes as swift-mustache")
struct CompiledTemplateEquivalenceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theProjectSiteIsTheSameByteForByte() async throws {
        let site = try CopiedSite(folders: [("Content", "Content"), ("Templates", "Templates"), ("public", "public")])
        try await site.expectBothRenderersWriteTheSame(pagesAtLeast: 14)
    }

    @Test func theBenchmarkSiteIsTheSameByteForByte() async throws {
        let site = try CopiedSite(folders: [("Tests/bench/site/Templates", "Templates"), ("Tests/bench/site/public", "public")])
        try site.write("Content/site.yml", String(contentsOf: Self.repository.appendingPathComponent("Tests/bench/site/site.yml"), encoding: .utf8))
        // The benchmark's kinds of page: sections with listings, dated and tagged pages, with and without a description.
        for section in ["blog", "docs", "changelog", "legal"] {
            try site.write("Content/\(section)/_index.md", "---\ntitle: \"\(section.capitalized) & <notes>\"\n---\nAbout the \(section).\n")
            for number in 1...6 {
                let description = number % 2 == 0 ? "description: \"Page \(number): 'quotes' & <b>\"\n" : ""
                let tags = number % 3 == 0 ? "tags: []\n" : "tags: [ai, \"design & <craft>\"]\n"
                try site.write("Content/\(section)/page-\(number).md", """
                    ---
                    title: "Page \(number) of \(section) <em>"
                    date: 2025-0\(number)-0\(number)
                    \(description)\(tags)---

                    ## Heading \(number)

                    Text with **bold** and a [link](/\(section)/).
                    """)
            }
        }
        try site.write("Content/index.md", "---\ntitle: Home\n---\nWelcome.\n")
        try site.write("Content/about.md", "---\ntitle: About\n---\nAbout us.\n")
        try await site.expectBothRenderersWriteTheSame(pagesAtLeast: 20)
    }

    @Test(arguments: ["Templates", "Tests/bench/site/Templates"])
    func everyTemplateCompiles(folder: String) throws {
        let (templates, diagnostics) = TemplateSet.load(from: Self.repository.appendingPathComponent(folder), displayPrefix: "Templates")
        #expect(diagnostics.isEmpty)
        let compiled = try #require(templates.compiled)
        #expect(compiled.leftToMustache.isEmpty, "left to swift-mustache: \(compiled.leftToMustache)")
        #expect(!templates.names.isEmpty)
        for name in templates.names { #expect(compiled.canRender(name), "\(name)") }
    }

    /// A site in a temporary folder, made of folders of the repository.
    final class CopiedSite {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-equivalence-\(UUID().uuidString)")

        init(folders: [(from: String, to: String)]) throws {
            for (from, to) in folders {
                let destination = root.appendingPathComponent(to)
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: repository.appendingPathComponent(from), to: destination)
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        static func offThePool(_ work: @escaping @Sendable () throws -> Void) async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
            }
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func expectBothRenderersWriteTheSame(pagesAtLeast minimum: Int) async throws {
            let compiledOutput = root.appendingPathComponent("_compiled"), mustacheOutput = root.appendingPathComponent("_mustache")
            var options = BuildOptions(root: root, output: compiledOutput, now: SiteDate(parsing: "2026-11-25T12:00:00Z")!.date)
            let compiled = options
            options.output = mustacheOutput
            options.rendersWithSwiftMustache = true
            let mustache = options
            // Two debug builds take seconds: on a thread of their own, not one of the two (on 2 cores)
            // that run every test's async work, where they starved the live servers of other suites
            // (`pigment check --external` saw its test server answer nothing within 3 s).
            try await Self.offThePool { _ = try buildSite(compiled); _ = try buildSite(mustache) }

            let compiledFiles = FileTree.relativeFilePaths(under: compiledOutput).sorted()
            #expect(compiledFiles == FileTree.relativeFilePaths(under: mustacheOutput).sorted())
            #expect(compiledFiles.filter { $0.hasSuffix(".html") }.count >= minimum)
            for path in compiledFiles {
                let compiled = FileManager.default.contents(atPath: compiledOutput.appendingPathComponent(path).path)
                let mustache = FileManager.default.contents(atPath: mustacheOutput.appendingPathComponent(path).path)
                #expect(compiled != nil && compiled == mustache, "\(path) differs")
            }
        }
    }
}
