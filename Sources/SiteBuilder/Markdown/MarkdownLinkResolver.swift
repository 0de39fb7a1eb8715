/// Turns links that name Markdown files (`[terms](terms.md#liability)`) into the URLs of the pages
/// those files become, as Zola and Hugo's `ref` do, so writers link files they can see in their editor.
struct MarkdownLinkResolver: Sendable {
    enum Resolution: Equatable {
        case notMarkdown
        case page(String)
        case missing(String)
    }

    /// Published pages: content path → URL.
    let published: [String: String]
    /// Content files left out of this build, with why (`a draft`, `dated in the future`).
    let excluded: [String: String]
    /// Changes when any `.md` link could resolve differently (for `pigment serve`'s cache); computed
    /// once, as a rebuild of one page asks for it again.
    let digest: Int

    init(published: [String: String], excluded: [String: String]) {
        self.published = published
        self.excluded = excluded
        digest = [published, excluded].hashValue
    }

    func resolve(_ link: String, from contentPath: String) -> Resolution {
        guard !LinkTarget.isExternal(link) else { return .notMarkdown }
        let (path, suffix) = LinkTarget.splitPath(link)
        guard path.hasSuffix(".md") else { return .notMarkdown }
        let target = path.hasPrefix("/")
            ? LinkTarget.normalize(String(path.dropFirst()))
            : LinkTarget.normalize(LinkTarget.directory(of: contentPath) + path)
        if let url = published[target] { return .page(url + suffix) }
        if let reason = excluded[target] {
            return .missing("link to 'Content/\(target)', which is \(reason) and not part of this build")
        }
        return .missing("link to missing file 'Content/\(target)'")
    }
}
