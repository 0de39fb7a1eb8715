import Foundation
import PigmentModel
import Yams

/// The privacy policy's version in force, read from its page's front matter without building the
/// site: the consent server stores it with every record whose client names none (vanilla-cookieconsent
/// sends only its own configuration `revision`, which is not a policy version).
public enum PolicyInForce {
    /// The version of the registry's `policyPage` (its `version`, else its `updated` date); nil when
    /// the registry names no policy page. A page that cannot be read throws `BuildFailure`, as in the build.
    public static func version(siteRoot: URL, registry: ConsentRegistry) throws(BuildFailure) -> String? {
        guard let path = registry.policyPage else { return nil }
        let loader = ContentLoader(contentDirectory: siteRoot.appendingPathComponent("Content"), displayPrefix: "Content")
        let file = try loader.read(path).get(orThrow: BuildFailure.init)
        let split = try FrontMatter.split(file).get(orThrow: BuildFailure.init)
        let mapping = try FrontMatter.parse(split, of: file).get(orThrow: BuildFailure.init)
        let (metadata, diagnostics) = PageMetadata.read(mapping, file: file, lineOffset: split.yamlLineOffset)
        guard let metadata, !diagnostics.hasErrors else { throw BuildFailure(diagnostics: diagnostics) }
        guard let version = metadata.version else {
            throw BuildFailure(diagnostics: [.error("policyPage '\(path)' has no 'updated' date or 'version'",
                                                    at: registry.policyPageLocation ?? SourceLocation(file: "Content/data/consent.yml"))])
        }
        return version
    }
}

private extension Result where Failure == Diagnostic {
    func get(orThrow failure: ([Diagnostic]) -> BuildFailure) throws(BuildFailure) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let diagnostic): throw failure([diagnostic])
        }
    }
}
