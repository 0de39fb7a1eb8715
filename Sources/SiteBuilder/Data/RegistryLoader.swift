import Foundation

extension ConsentRegistry {
    /// Reads `Content/data/consent.yml` under a site root, as the consent server does at start-up:
    /// the same file and the same checks as the build, so the server and the site cannot disagree.
    public static func load(siteRoot: URL) throws(BuildFailure) -> ConsentRegistry {
        let options = BuildOptions(root: siteRoot, output: nil)
        let (data, diagnostics) = SiteData.load(from: options.contentDirectory.appendingPathComponent(SiteData.folder),
                                                displayPrefix: "Content/\(SiteData.folder)")
        if diagnostics.hasErrors { throw BuildFailure(diagnostics: diagnostics.sortedForReport()) }
        guard let registry = data.consent else {
            throw BuildFailure(diagnostics: [.error("the consent server needs the consent registry",
                                                    at: SourceLocation(file: "Content/data/consent.yml"))])
        }
        return registry
    }
}
