import Foundation
import Yams

extension ConsentRegistry {
    /// Reads `Content/data/consent.yml` (or `consent.yaml`) under a site root, as the consent server
    /// does at start-up: the reader and checks the build uses for it, so the server and the site
    /// cannot disagree. Errors are reported like the build's, with `file:line:column`.
    public static func load(siteRoot: URL) throws(BuildFailure) -> ConsentRegistry {
        let folder = siteRoot.appendingPathComponent("Content/data")
        // The build reads both names in order and keeps the last, so `consent.yml` wins over `consent.yaml`.
        guard let name = ["consent.yml", "consent.yaml"].first(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }) else {
            throw BuildFailure(diagnostics: [.error("the consent server needs the consent registry",
                                                    at: SourceLocation(file: "Content/data/consent.yml"))])
        }
        let display = "Content/data/\(name)"
        guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
            throw BuildFailure(diagnostics: [.error("cannot read data file", at: SourceLocation(file: display))])
        }
        let mapping: Node.Mapping
        switch YAMLDocument.parseMapping(text, displayPath: display, lineOffset: 0) {
        case .failure(let diagnostic): throw BuildFailure(diagnostics: [diagnostic])
        case .success(let value): mapping = value
        }
        let (registry, diagnostics) = read(mapping, displayPath: display, sourceText: text)
        guard let registry, !diagnostics.hasErrors else { throw BuildFailure(diagnostics: diagnostics.sortedForReport()) }
        return registry
    }
}
