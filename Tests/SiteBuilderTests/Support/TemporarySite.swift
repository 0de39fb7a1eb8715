import Foundation
import PigmentModel
@testable import SiteBuilder

/// A small site in a temporary folder: write a few files, build, look at the output
/// (the habit of Hugo's integration tests). Each instance has its own folder.
final class TemporarySite {
    let root: URL
    var output: URL { root.appendingPathComponent("_site") }
    /// A fixed clock so "future" pages are the same on every run.
    static let now = SiteDate(parsing: "2026-06-01T12:00:00Z")!.date

    /// Templates enough for every kind of page; tests override single files.
    static let defaultTemplates: [String: String] = [
        "Templates/base.mustache": """
            <!DOCTYPE html>
            <html lang="{{site.language}}"><head><title>{{page.title}} · {{site.title}}</title>
            <link rel="canonical" href="{{page.permalink}}"></head>
            <body><nav>{{#site.navigation}}<a href="{{url}}">{{title}}</a>{{/site.navigation}}</nav>
            <main id="main">{{$main}}{{/main}}</main></body></html>
            """,
        "Templates/page.mustache": """
            {{<base}}{{$main}}<article data-layout="page"><h1>{{page.title}}</h1>{{{page.content}}}</article>{{/main}}{{/base}}
            """,
        "Templates/home.mustache": """
            {{<base}}{{$main}}<div data-layout="home">{{{page.content}}}<ul>{{#pages}}<li><a href="{{url}}">{{title}}</a></li>{{/pages}}</ul></div>{{/main}}{{/base}}
            """,
        "Templates/section.mustache": """
            {{<base}}{{$main}}<section data-layout="section"><h1>{{page.title}}</h1>{{{page.content}}}<ol>{{#pages}}<li><a href="{{url}}">{{title}}</a></li>{{/pages}}</ol></section>{{/main}}{{/base}}
            """,
        "Content/site.yml": """
            title: Test Site
            baseURL: https://example.org/
            """,
    ]

    init(_ files: [String: String] = [:], withDefaults: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let all = withDefaults ? Self.defaultTemplates.merging(files) { _, new in new } : files
        for (path, text) in all { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    func options(drafts: Bool = false, future: Bool = false, strict: Bool = false, baseURL: String? = nil, write: Bool = true) -> BuildOptions {
        BuildOptions(root: root, output: write ? output : nil, includeDrafts: drafts, includeFuture: future,
                     baseURL: baseURL, warningsAreErrors: strict, now: Self.now)
    }

    @discardableResult
    func build(drafts: Bool = false, future: Bool = false, strict: Bool = false, baseURL: String? = nil) throws -> BuildReport {
        try buildSite(options(drafts: drafts, future: future, strict: strict, baseURL: baseURL))
    }

    /// Builds a site expected to fail and returns its diagnostics (the test fails if it succeeds).
    func buildFailure(strict: Bool = false) -> BuildFailure? {
        do {
            try buildSite(options(strict: strict))
            return nil
        } catch {
            return error
        }
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    /// Every file of the output with its bytes, to compare two builds or check that one left nothing changed.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileTree.relativeFilePaths(under: output) {
            files[path] = try Data(contentsOf: output.appendingPathComponent(path))
        }
        return files
    }
}

/// A page file with front matter.
func page(_ frontMatter: String, _ body: String = "") -> String {
    "---\n\(frontMatter)\n---\n\(body)"
}

extension BuildFailure {
    /// The errors as the CLI prints their first lines.
    var lines: [String] { errors.map(\.description) }
}
