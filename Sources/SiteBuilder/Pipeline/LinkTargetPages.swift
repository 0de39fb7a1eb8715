/// What the `.md` link resolver is made of (`MarkdownLinkResolver.Inputs`), as the pages that hold it,
/// for `pigment serve`'s memo: compared page by page, a page that is the very value it was
/// (`Page.identity`) without being read. Making the lists of paths and URLs to compare instead took
/// 3–4 ms of each rebuild.
struct LinkTargetPages: Equatable, Sendable {
    var published: [Page]
    /// Content paths of files whose front matter failed.
    var unreadable: [String]
    var excluded: [(page: Page, reason: String)]

    var inputs: MarkdownLinkResolver.Inputs {
        MarkdownLinkResolver.Inputs(
            published: published.map { .init(contentPath: $0.source!.contentPath, answer: $0.url) }
                + unreadable.map { .init(contentPath: $0, answer: PageURL.forContent($0, slug: nil)) },
            excluded: excluded.map { .init(contentPath: $0.page.source!.contentPath, answer: $0.reason) })
    }

    static func == (a: LinkTargetPages, b: LinkTargetPages) -> Bool {
        let samePlace = { (a: Page, b: Page) in a.source?.contentPath == b.source?.contentPath && a.url == b.url }
        return Page.sameEach(a.published, b.published, by: samePlace) && a.unreadable == b.unreadable
            && Page.sameEach(a.excluded.map(\.page), b.excluded.map(\.page), by: samePlace)
            && a.excluded.map(\.reason) == b.excluded.map(\.reason)
    }
}
