import Foundation
import PigmentModel
import Yams

/// The front matter of a page, typed and checked.
public struct PageMetadata: Sendable {
    public var title: String
    public var description: String?
    public var date: SiteDate?
    public var updated: SiteDate?
    /// When a legal text takes effect (may differ from when it was last edited).
    public var effective: SiteDate?
    public var draft: Bool
    public var layout: String?
    public var layoutLocation: SourceLocation?
    public var slug: String?
    public var weight: Int?
    public var tags: [String]
    /// Old URLs that must keep working, each with where it was written (normalised: see `SitePathField`).
    public var aliases: [(url: String, location: SourceLocation)]
    /// The page's URL when the front matter sets it (`permalink`, Jekyll's word, or Hugo's `url`).
    public var permalink: String? = nil
    public var noindex: Bool
    /// Every other key, for templates.
    public var params: [String: TemplateValue]
    /// A legal page's explicit version; without it the version is the `updated` date.
    public var explicitVersion: String? = nil
    /// Where the version comes from (`version:` or `updated:`), for messages about it.
    public var versionLocation: SourceLocation? = nil

    /// The version of a legal text: its explicit `version`, else its `updated` date (`2026-05-04`).
    public var version: String? { explicitVersion ?? updated.map(\.isoDay) }

    static func read(_ mapping: Node.Mapping, file: SourceFile, lineOffset: Int) -> (PageMetadata?, [Diagnostic]) {
        var reader = FieldReader(mapping, displayPath: file.displayPath, lineOffset: lineOffset, sourceText: file.text)
        let title = reader.string("title")
        let layout = reader.string("layout")
        let slug = reader.string("slug")
        let version = reader.string("version")
        var metadata = PageMetadata(
            title: title?.0 ?? "",
            description: reader.string("description")?.0,
            date: reader.date("date"),
            updated: reader.date("updated"),
            effective: reader.date("effective"),
            // Jekyll's `published: false` is a draft.
            draft: (reader.bool("draft") ?? false) || reader.bool("published") == false,
            layout: layout?.0,
            layoutLocation: layout.map { reader.location(of: $0.1) },
            slug: slug?.0,
            weight: reader.int("weight"),
            tags: reader.strings("tags").map(\.0),
            aliases: [],
            noindex: reader.bool("noindex") ?? false,
            params: [:]
        )
        if let (text, node) = version {
            if text.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil {
                metadata.explicitVersion = text
            } else {
                reader.error("version '\(text)' may only hold letters, digits, '.', '-' and '_' (it becomes part of a URL)", at: node)
            }
        }
        metadata.versionLocation = (version?.1 ?? reader.value("updated")).map { reader.location(of: $0) }
        // Hugo's `aliases` and Jekyll's `redirect_from` alike; Hugo resolves a relative alias against the
        // page's folder, jekyll-redirect-from against the site root.
        var skipped: [Diagnostic] = []
        for (key, folder) in [("aliases", PageURL.folderURL(of: file.contentPath)), ("redirect_from", nil)] {
            for (alias, node) in reader.strings(key) {
                switch SitePathField.alias(alias, key: key, folder: folder) {
                case .path(let path): metadata.aliases.append((path, reader.location(of: node)))
                case .skipped(let message): skipped.append(.warning(message, at: reader.location(of: node)))
                case .invalid(let message): reader.error(message, at: node)
                }
            }
        }
        for key in ["permalink", "url"] {
            guard let (text, node) = reader.string(key) else { continue }
            switch SitePathField.permalink(text, key: key) {
            case .path(let path) where metadata.permalink == nil: metadata.permalink = path
            case .path: reader.error("set the page's URL once: 'permalink' and 'url' are the same field", at: node)
            case .skipped(let message), .invalid(let message): reader.error(message, at: node)
            }
        }
        if let (slugValue, node) = slug, !PageMetadata.isValidSlug(slugValue) {
            reader.error("slug '\(slugValue)' may only hold letters, digits, '-', '_' and '.'", at: node)
        }
        for (key, node) in reader.remaining() { metadata.params[key] = TemplateValue(node) }

        var diagnostics = reader.diagnostics + skipped
        if let (text, node) = title {
            if text.isBlank() {
                diagnostics.append(.error("'title' must not be empty", at: reader.location(of: node)))
            }
        } else if reader.value("title")?.scalar == nil || reader.value("title") == nil {
            // A non-text title was already reported by the reader; an absent or empty one is reported here.
            if reader.value("title") == nil || reader.value("title")?.null != nil {
                let location = reader.value("title").map { reader.location(of: $0) } ?? SourceLocation(file: file.displayPath, line: 1)
                diagnostics.append(.error("front matter needs a 'title'", at: location))
            }
        }
        return (diagnostics.hasErrors ? nil : metadata, diagnostics)
    }

    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug != "." && slug != ".." && slug.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }
}

