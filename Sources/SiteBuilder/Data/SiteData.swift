import Foundation
import PigmentModel
import Yams

/// The data files in `Content/data/`. Known files are read into checked types; any other
/// `*.yml` reaches templates as it is, under `data.<file name>`.
public struct SiteData: Sendable {
    public private(set) var consent: ConsentRegistry?
    public var subprocessors: [Subprocessor]?
    public var other: [String: TemplateValue] = [:]
    /// Data files that exist but failed their checks: their errors are reported, uses of them must not add more.
    public var invalid: Set<String> = []
    /// The registry's banner JSON and version, computed once: every page's template context uses them.
    private var consentJSONAndVersion: (json: String, version: String)?
    /// The privacy policy's URL and current version, once the build knows them (`linkPolicy`).
    private var policy: (url: String, version: String)?
    /// Each data file's text hashed, by name (`consent`), so `pigment serve` can tell which changed;
    /// `consent`'s includes the privacy policy's URL and version, which its template value carries.
    private(set) var digests: [String: Int] = [:]

    static let folder = "data"
    static let consentName = "consent"

    static func load(from directory: URL, displayPrefix: String) -> (SiteData, [Diagnostic]) {
        var data = SiteData()
        var diagnostics: [Diagnostic] = []
        for path in FileTree.relativeFilePaths(under: directory) where path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
            let display = "\(displayPrefix)/\(path)"
            let name = (path as NSString).deletingPathExtension
            guard let text = try? String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8) else {
                diagnostics.append(.error("cannot read data file", at: SourceLocation(file: display)))
                continue
            }
            data.digests[name] = text.hashValue
            let mapping: Node.Mapping
            switch YAMLDocument.parseMapping(text, displayPath: display, lineOffset: 0) {
            case .failure(let diagnostic): diagnostics.append(diagnostic); data.invalid.insert(name); continue
            case .success(let value): mapping = value
            }
            switch name {
            case consentName:
                let (registry, found) = ConsentRegistry.read(mapping, displayPath: display, sourceText: text)
                data.consent = registry
                data.consentJSONAndVersion = registry.map { ($0.bannerConfigurationJSON, $0.version) }
                if registry == nil { data.invalid.insert(name) }
                diagnostics += found
            case "subprocessors":
                let (list, found) = Subprocessor.readList(mapping, displayPath: display, sourceText: text)
                data.subprocessors = list
                if list == nil { data.invalid.insert(name) }
                diagnostics += found
            default:
                data.other[name] = TemplateValue(.mapping(mapping))
            }
        }
        return (data, diagnostics)
    }

    /// Names the privacy policy's URL and version in the banner's configuration; an error when the
    /// registry's `policyPage` is not a published legal page with a version. A page whose front matter
    /// failed (`unreadable`) counts as there: its own error is the one to fix, not a second one here.
    mutating func linkPolicy(in pages: [Page], unreadable: [String] = []) -> [Diagnostic] {
        guard let consent, let path = consent.policyPage, !unreadable.contains(path) else { return [] }
        guard let page = pages.first(where: { $0.source?.contentPath == path && PolicyVersions.isVersioned($0) }),
              let version = page.metadata.version else {
            return [.error("policyPage '\(path)' is not a published page of Content/legal/ with an 'updated' date or a 'version'",
                           at: consent.policyPageLocation ?? SourceLocation(file: "Content/data/consent.yml"))]
        }
        policy = (page.url, version)
        digests[SiteData.consentName] = [digests[SiteData.consentName], page.url.hashValue, version.hashValue].hashValue
        consentJSONAndVersion = (consent.bannerConfigurationJSON(policy: policy), consent.version)
        return []
    }

    /// `data` in every template: `{{#data.consent.categories}}…`, `{{data.consent.version}}`.
    var templateValue: TemplateData {
        var values = other.mapValues(\.templateData)
        if let consent, let cached = consentJSONAndVersion {
            var value = consent.templateValue(json: cached.json, version: cached.version)
            if let policy { value["policy"] = .dictionary(["url": .text(policy.url), "version": .text(policy.version)]) }
            values["consent"] = .dictionary(value)
        }
        if let subprocessors { values["subprocessors"] = .list(subprocessors.map(\.templateValue)) }
        return .dictionary(values)
    }
}
