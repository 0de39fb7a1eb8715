/// Where a content file is published: pretty URLs, one folder with an `index.html` per page.
enum PageURL {
    /// `legal/privacy.md` → `/legal/privacy/`; `index.md` → `/`; `legal/_index.md` → `/legal/`.
    /// A `slug` replaces the file's own name.
    static func forContent(_ contentPath: String, slug: String?) -> String {
        var components = contentPath.split(separator: "/").map(String.init)
        let name = String(components.removeLast().dropLast(3)) // drop ".md"
        if name != "_index" && name != "index" { components.append(slug ?? name) }
        return components.isEmpty ? "/" : "/" + components.joined(separator: "/") + "/"
    }

    /// The URL of the folder a content file is in: `/legal/` for `legal/privacy.md`, `/` for `about.md`.
    static func folderURL(of contentPath: String) -> String {
        let folders = contentPath.split(separator: "/").dropLast()
        return folders.isEmpty ? "/" : "/" + folders.joined(separator: "/") + "/"
    }

    /// The folder a page belongs to: `legal` for `legal/privacy.md`, "" for top-level pages.
    static func section(of contentPath: String) -> String {
        let components = contentPath.split(separator: "/")
        return components.count > 1 ? String(components[0]) : ""
    }

    /// The folder of Content a file is in, at any depth: `policies/terms` for `policies/terms/a.md`.
    static func folder(of contentPath: String) -> String {
        contentPath.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// The folder a folder is in: `policies` for `policies/terms`, "" for `policies`.
    static func parentFolder(of folder: String) -> String {
        folder.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// Whether the file gives a folder's index (or the home page) its own text rather than being a page in it.
    static func isSectionText(_ contentPath: String) -> Bool {
        let name = contentPath.split(separator: "/").last ?? ""
        return name == "_index.md" || name == "index.md"
    }

    /// `/legal/privacy/` → `legal/privacy/index.html`; `/old.html` → `old.html`.
    static func outputPath(for url: String) -> String {
        let path = url.drop(while: { $0 == "/" })
        if path.isEmpty { return "index.html" }
        if url.hasSuffix("/") { return path + "index.html" }
        return String(path)
    }
}
