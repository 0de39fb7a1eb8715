import Foundation
import PigmentModel

/// Stage 3b: every legal page keeps each published version online. For each page of the `legal`
/// section with a version (its `updated` date or an explicit `version`):
/// - `<url>v/<version>/` shows each version, from the archive (`pigment release` fills it) or,
///   for a version not released yet, from the page itself;
/// - `<url>v/<version>/changes/` compares each version with the one before;
/// - a warning when the text differs from the released text of the same version (edited without a
///   new `updated` date), or when the current version is not in the archive yet.
struct PolicyVersions {
    static let section = "legal"
    var archive: PolicyArchive

    struct Result {
        var pages: [Page]
        /// Version and "what changed" pages.
        var added: [Page] = []
        var diagnostics: [Diagnostic] = []
        var unreleased: [(contentPath: String, version: ArchivedVersion)] = []
        /// Also in `diagnostics`; kept apart for `pigment release`, which refuses on them.
        var editedWithoutNewVersion: [Diagnostic] = []
        /// Legal pages with no version at all; also in `diagnostics`, and named by `pigment release`.
        var unversioned: [Diagnostic] = []
    }

    func apply(to pages: [Page]) -> Result {
        var result = Result(pages: pages)
        for index in pages.indices {
            let page = pages[index]
            guard Self.isVersioned(page), let rendered = page.rendered, let source = page.source else { continue }
            guard let version = page.metadata.version else {
                let warning = Diagnostic.warning(Self.unversionedMessage, at: source.location(line: 1))
                result.unversioned.append(warning)
                result.diagnostics.append(warning)
                continue
            }
            let location = page.metadata.versionLocation ?? page.location
            let archived = archive.versions(of: source.contentPath)
            if rendered.diagnostics.hasErrors || rendered.lacksGeneratedBlocks {
                // Its Markdown had an error, or a table's data file did, and lost that part: comparing it
                // would report an edit no one made.
            } else if let released = archived.first(where: { $0.version == version }) {
                if !HTMLDiff.sameText(released.html, rendered.html) {
                    let warning = Diagnostic.warning(
                        "the text changed since version \(version) was released (\(released.displayPath)), but its "
                        + "version did not: set 'updated' to the date of this change, then run `pigment release`", at: location)
                    result.editedWithoutNewVersion.append(warning)
                    result.diagnostics.append(warning)
                }
            } else {
                result.unreleased.append((source.contentPath, ArchivedVersion(
                    version: version, title: page.metadata.title, updated: page.metadata.updated, effective: page.metadata.effective,
                    html: rendered.html, displayPath: "Content/" + PolicyArchive.relativePath(for: source.contentPath, version: version))))
                result.diagnostics.append(.warning(
                    "version \(version) is not released yet: run `pigment release` and commit "
                    + "Content/\(PolicyArchive.relativePath(for: source.contentPath, version: version)), so this text "
                    + "stays online after the next change", at: location))
            }

            // Every version, oldest first: released ones as they were, the current one as it is now.
            // Each keeps its table of contents: read back from a released text, the page's own for the current one.
            var texts = archived.map { (version: $0.version, title: $0.title, updated: $0.updated, effective: $0.effective, html: $0.html,
                                        tableOfContents: ArchivedTableOfContents.entries(in: $0.html)) }
            if !archived.contains(where: { $0.version == version }) {
                texts.append((version, page.metadata.title, page.metadata.updated, page.metadata.effective, rendered.html,
                              rendered.tableOfContents))
            }
            texts.sort { a, b in
                let da = a.updated?.date ?? .distantPast, db = b.updated?.date ?? .distantPast
                return da != db ? da < db : a.version < b.version
            }
            let versionURL = { (version: String) in "\(page.url)v/\(version)/" }
            let entries = texts.enumerated().map { offset, text in
                PolicyInfo.Entry(version: text.version, url: versionURL(text.version),
                                 changesURL: offset == 0 ? nil : versionURL(text.version) + "changes/", updated: text.updated)
            }
            let newestFirst = Array(entries.reversed())
            result.pages[index].policy = PolicyInfo(version: version, currentURL: page.url, kind: .current, versions: newestFirst)

            for (offset, text) in texts.enumerated() {
                var metadata = page.metadata
                metadata.title = text.title
                metadata.updated = text.updated
                metadata.effective = text.effective
                metadata.explicitVersion = text.version
                metadata.noindex = true
                metadata.aliases = []
                metadata.description = nil
                let shown = Page(kind: .policyVersion, source: nil, metadata: metadata, body: "", bodyLineOffset: 0,
                                 url: versionURL(text.version), section: page.section,
                                 rendered: RenderedMarkdown(html: text.html, tableOfContents: text.tableOfContents, links: [], diagnostics: []),
                                 policy: PolicyInfo(version: text.version, currentURL: page.url,
                                                    kind: .archived(isInForce: text.version == version), versions: newestFirst))
                result.added.append(shown)
                guard offset > 0 else { continue }
                let previous = texts[offset - 1]
                let comparison = HTMLDiff.compare(old: previous.html, new: text.html)
                var changes = shown
                changes.url = versionURL(text.version) + "changes/"
                changes.metadata.title = "What changed in the \(text.title)"
                changes.rendered = RenderedMarkdown(html: comparison.html, tableOfContents: [], links: [], diagnostics: [])
                changes.policy?.kind = .changes(from: previous.version, passages: comparison.changedPassages)
                result.added.append(changes)
            }
        }
        return result
    }

    /// Without a version a legal page keeps no earlier text online, and nothing else would tell.
    static let unversionedMessage = "legal page has no 'updated' date, so it has no version: earlier texts are not kept online "
        + "and `pigment release` skips it; add 'updated: YYYY-MM-DD', the day this text took effect"

    static func isVersioned(_ page: Page) -> Bool {
        page.kind == .page && page.section == section
    }
}
