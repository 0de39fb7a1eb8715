import Foundation
import PigmentModel
import Yams

/// Every released version of the legal pages, kept in the repository:
/// `Content/_versions/<page path>/<version>.html`, e.g. `Content/_versions/legal/privacy/2026-05-04.html`.
///
/// Each file holds the page's rendered HTML as visitors saw it (shortcodes expanded from the data of
/// that day), under a small front matter. It is filled by `pigment release`, not read from git history:
/// a shallow CI clone has no history, but it has this folder, so every build publishes every version.
public struct ArchivedVersion: Sendable {
    public var version: String
    public var title: String
    public var updated: SiteDate?
    public var effective: SiteDate?
    public var html: String
    /// `Content/_versions/legal/privacy/2026-05-04.html`, for messages.
    public var displayPath: String
}

public struct PolicyArchive: Sendable {
    /// The archive's folder inside `Content/`; the content loader does not read pages from it.
    public static let folder = "_versions"

    /// Content path without `.md` (`legal/privacy`) → its versions, in no particular order.
    var versionsByPage: [String: [ArchivedVersion]] = [:]

    public init() {}

    /// `legal/privacy.md` → `_versions/legal/privacy/2026-05-04.html`.
    public static func relativePath(for contentPath: String, version: String) -> String {
        "\(folder)/\(pageKey(contentPath))/\(version).html"
    }

    static func pageKey(_ contentPath: String) -> String {
        contentPath.hasSuffix(".md") ? String(contentPath.dropLast(3)) : contentPath
    }

    func versions(of contentPath: String) -> [ArchivedVersion] { versionsByPage[Self.pageKey(contentPath)] ?? [] }

    static func load(contentDirectory: URL, displayPrefix: String) -> (PolicyArchive, [Diagnostic]) {
        var archive = PolicyArchive()
        var diagnostics: [Diagnostic] = []
        let root = contentDirectory.appendingPathComponent(folder)
        for path in FileTree.relativeFilePaths(under: root) where path.hasSuffix(".html") {
            let display = "\(displayPrefix)/\(folder)/\(path)"
            guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else {
                diagnostics.append(.error("cannot read this archived version", at: SourceLocation(file: display)))
                continue
            }
            switch read(text, displayPath: display) {
            case .success(let version):
                let expected = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                if version.version != expected {
                    diagnostics.append(.error("this file holds version '\(version.version)' but is named '\(expected).html'",
                                              at: SourceLocation(file: display, line: 1)))
                    continue
                }
                archive.versionsByPage[ParentFolder.of(path), default: []].append(version)
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            }
        }
        return (archive, diagnostics)
    }

    static func read(_ text: String, displayPath: String) -> Result<ArchivedVersion, Diagnostic> {
        let file = SourceFile(contentPath: displayPath, displayPath: displayPath, text: text)
        let split: SplitSource
        switch FrontMatter.split(file) {
        case .success(let value): split = value
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        let mapping: Node.Mapping
        switch FrontMatter.parse(split, of: file) {
        case .success(let value): mapping = value
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        var reader = FieldReader(mapping, displayPath: displayPath, lineOffset: split.yamlLineOffset)
        let version = reader.string("version")?.0
        let title = reader.string("title")?.0
        let updated = reader.date("updated")
        let effective = reader.date("effective")
        if let error = reader.diagnostics.first(where: { $0.severity == .error }) { return .failure(error) }
        guard let version, let title else {
            return .failure(.error("an archived version needs 'version' and 'title' in its front matter",
                                   at: SourceLocation(file: displayPath, line: 1)))
        }
        return .success(ArchivedVersion(version: version, title: title, updated: updated, effective: effective,
                                        html: split.body, displayPath: displayPath))
    }

    /// The file `pigment release` writes: front matter, then the HTML exactly as published.
    public static func fileText(of version: ArchivedVersion) -> String {
        var lines = ["---", "version: \(YAMLDocument.quoted(version.version))", "title: \(YAMLDocument.quoted(version.title))"]
        if let updated = version.updated { lines.append("updated: \(updated.isoDay)") }
        if let effective = version.effective { lines.append("effective: \(effective.isoDay)") }
        lines += ["---", ""]
        return lines.joined(separator: "\n") + version.html
    }
}
