import Foundation
import PigmentModel

/// `pigment new post|legal|page TITLE`: a new Markdown file with valid front matter, in the folder
/// its kind belongs in, marked as a draft (as Hugo's archetypes do) so nothing half-written is published.
public enum PageScaffold {
    public enum Kind: String, CaseIterable, Sendable {
        case post, legal, page

        /// The folder under `Content/`.
        var folder: String {
            switch self {
            case .post: "blog/"
            case .legal: "legal/"
            case .page: ""
            }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case emptyTitle
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; choose another title or edit that file"
            case .emptyTitle: "the title must hold at least one letter or digit"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes the file and returns its path relative to the root (`Content/blog/hello-world.md`).
    public static func create(_ kind: Kind, title: String, root: URL, now: Date = Date()) throws(Failure) -> String {
        let slug = slug(for: title)
        guard !slug.isEmpty else { throw .emptyTitle }
        let relative = "Content/\(kind.folder)\(slug).md"
        let file = root.appendingPathComponent(relative)
        guard !FileManager.default.fileExists(atPath: file.path) else { throw .exists(relative) }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text(kind, title: title, today: SiteDate(now, hasTime: false).isoDay).utf8).write(to: file, options: .withoutOverwriting)
        } catch {
            throw .cannotWrite(relative, ContentLoader.reason(error))
        }
        return relative
    }

    /// `Hello, World!` → `hello-world`; letters lose their accents, anything else becomes one hyphen.
    public static func slug(for title: String) -> String {
        let plain = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var slug = ""
        for scalar in plain.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { slug.unicodeScalars.append(scalar) }
            else if !slug.isEmpty && !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    static func text(_ kind: Kind, title: String, today: String) -> String {
        let quotedTitle = YAMLDocument.quoted(title)
        switch kind {
        case .post:
            return """
                ---
                title: \(quotedTitle)
                description: One sentence for search results and the blog's listing.
                date: \(today)
                draft: true   # remove when the post is ready
                ---

                Write the post here.

                """
        case .legal:
            return """
                ---
                title: \(quotedTitle)
                description: One sentence on what this document covers.
                # The version is the 'updated' date: change it with every change to the text, then run `pigment release`.
                updated: \(today)
                effective: \(today)
                draft: true   # remove when the text is approved
                ---

                ## Introduction

                Write the document here. Every heading gets an anchor and an entry in the contents.

                """
        case .page:
            return """
                ---
                title: \(quotedTitle)
                description: One sentence for search results.
                draft: true   # remove when the page is ready
                ---

                Write the page here.

                """
        }
    }
}
