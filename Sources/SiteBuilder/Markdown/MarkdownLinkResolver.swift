/// Turns links that name Markdown files (`[terms](terms.md#liability)`) into the URLs of the pages
/// those files become, as Zola and Hugo's `ref` do, so writers link files they can see in their editor.
struct MarkdownLinkResolver: Sendable {
    enum Resolution: Equatable {
        case notMarkdown
        case page(String)
        case missing(String)
    }

    /// What it resolves against, as the build has it: lists in content path order.
    struct Inputs: Sendable {
        /// Published pages: content path and URL.
        var published: [Target]
        /// Content files left out of this build, with why (`a draft`, `dated in the future`).
        var excluded: [Target]
    }

    struct Target: Sendable {
        var contentPath: String
        /// The page's URL, or why it was left out.
        var answer: String
    }

    /// Content path → URL.
    let published: [String: String]
    /// Content path → why it was left out.
    let excluded: [String: String]
    /// Changes when any `.md` link could resolve differently (for `pigment serve`'s cache).
    let digest: Int

    init(_ inputs: Inputs) {
        published = Dictionary(inputs.published.map { ($0.contentPath, $0.answer) }, uniquingKeysWith: { first, _ in first })
        excluded = Dictionary(inputs.excluded.map { ($0.contentPath, $0.answer) }, uniquingKeysWith: { first, _ in first })
        var hasher = Hasher()
        for target in inputs.published { hasher.combine(target.contentPath); hasher.combine(target.answer) }
        hasher.combine(0)
        for target in inputs.excluded { hasher.combine(target.contentPath); hasher.combine(target.answer) }
        digest = hasher.finalize()
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
