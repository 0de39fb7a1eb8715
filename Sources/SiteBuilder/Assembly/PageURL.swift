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

    /// The folder a page belongs to: `legal` for `legal/privacy.md`, "" for top-level pages.
    static func section(of contentPath: String) -> String {
        let components = contentPath.split(separator: "/")
        return components.count > 1 ? String(components[0]) : ""
    }

    /// Whether the file gives a section (or the home page) its own text rather than being a page in it.
    static func isSectionText(_ contentPath: String) -> Bool {
        let components = contentPath.split(separator: "/")
        let name = components.last ?? ""
        return name == "_index.md" || (name == "index.md" && components.count <= 2)
    }

    /// `/legal/privacy/` → `legal/privacy/index.html`; `/old.html` → `old.html`.
    static func outputPath(for url: String) -> String {
        let path = url.drop(while: { $0 == "/" })
        if path.isEmpty { return "index.html" }
        if url.hasSuffix("/") { return path + "index.html" }
        return String(path)
    }
}
