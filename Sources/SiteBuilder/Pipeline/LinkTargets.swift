/// What the `.md` link resolver and the link checker are made of, as the pages that hold it: compared
/// page by page, a page that is the very value it was (`Page.identity`) without being read. Making the
/// lists of paths and URLs to compare instead took 3–4 ms of each rebuild for each of the two.

/// The pages `.md` links can lead to, or are told about (`MarkdownLinkResolver.Inputs`).
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

/// What links can lead to: the site's pages with their ids, aliases, files, and the pages left out
/// (`LinkChecker.Inputs`).
struct LinkCheckTargets: Equatable, Sendable {
    var pages: [Page]
    var pageIDs: [Set<String>]
    var aliases: [Alias]
    var files: Set<String>
    var excluded: [(page: Page, reason: String)]
    /// Content paths of files whose front matter failed.
    var unreadable: [String]

    var inputs: LinkChecker.Inputs {
        LinkChecker.Inputs(pageURLs: pages.map(\.url), pageIDs: pageIDs, aliases: aliases, files: files,
                           excluded: excluded.map { ($0.page.url, $0.reason) },
                           unreadable: unreadable.map { PageURL.forContent($0, slug: nil) })
    }

    static func == (a: LinkCheckTargets, b: LinkCheckTargets) -> Bool {
        Page.sameEach(a.pages, b.pages) { $0.url == $1.url } && a.pageIDs == b.pageIDs && a.aliases == b.aliases
            && a.files == b.files && a.unreadable == b.unreadable
            && Page.sameEach(a.excluded.map(\.page), b.excluded.map(\.page)) { $0.url == $1.url }
            && a.excluded.map(\.reason) == b.excluded.map(\.reason)
    }
}
