import Foundation

/// Checks that every internal link leads somewhere: a page, an alias, or a file of the built site,
/// and that every `#anchor` names an id on the page it points at.
struct LinkChecker: Sendable {
    /// What it checks against, as the build has it, in the site's order. Compared page by page for
    /// `pigment serve`'s memo, a page that is the very value it was (`Page.identity`) without being
    /// read: making lists of URLs to compare instead took 3–4 ms of each rebuild.
    struct Inputs: Equatable, Sendable {
        /// Every page, and the ids present in its final HTML.
        var pages: [Page]
        var pageIDs: [Set<String>]
        /// Each alias URL and the page it redirects to.
        var aliases: [Alias]
        /// Every other file of the output, as a path without the leading `/` (`css/site.css`).
        var files: Set<String>
        /// Pages left out of this build (drafts, future), and why, for a clearer message.
        var excluded: [(page: Page, reason: String)]
        /// Content paths of files whose front matter failed: their error is reported already, links to them are not.
        var unreadable: [String]

        var pageURLs: [String] { pages.map(\.url) }

        static func == (a: Inputs, b: Inputs) -> Bool {
            Page.sameEach(a.pages, b.pages) { $0.url == $1.url } && a.pageIDs == b.pageIDs && a.aliases == b.aliases
                && a.files == b.files && a.unreadable == b.unreadable
                && Page.sameEach(a.excluded.map(\.page), b.excluded.map(\.page)) { $0.url == $1.url }
                && a.excluded.map(\.reason) == b.excluded.map(\.reason)
        }
    }

    /// Page URL → the ids present in its final HTML.
    let pageIDs: [String: Set<String>]
    /// Alias URL → the page it redirects to.
    let aliases: [String: String]
    let files: Set<String>
    /// URL → why it was left out.
    let excluded: [String: String]
    let unreadable: Set<String>
    /// Everything an answer depends on but the pages' ids: which pages, aliases and files exist, and
    /// which pages were left out (for `pigment serve`'s memo of each page's findings).
    let structureDigest: Int
    private let idsDigests: PageIDsDigests

    init(_ inputs: Inputs) {
        let pageURLs = inputs.pageURLs
        let unreadableURLs = inputs.unreadable.map { PageURL.forContent($0, slug: nil) }
        pageIDs = Dictionary(zip(pageURLs, inputs.pageIDs), uniquingKeysWith: { first, _ in first })
        aliases = Dictionary(inputs.aliases.map { ($0.url, $0.target) }, uniquingKeysWith: { first, _ in first })
        files = inputs.files
        excluded = Dictionary(inputs.excluded.map { ($0.page.url, $0.reason) }, uniquingKeysWith: { first, _ in first })
        unreadable = Set(unreadableURLs)
        var hasher = Hasher()
        hasher.combine(pageURLs)
        for alias in inputs.aliases { hasher.combine(alias.url); hasher.combine(alias.target) }
        hasher.combine(inputs.files)
        for (page, reason) in inputs.excluded { hasher.combine(page.url); hasher.combine(reason) }
        hasher.combine(unreadableURLs)
        structureDigest = hasher.finalize()
        idsDigests = PageIDsDigests(pageIDs)
    }

    enum Outcome: Equatable {
        case ok
        case broken(String)
    }

    /// What a link that leads somewhere was found to lead to: an answer stays right while this holds
    /// (`stillHolds`), and for an `#anchor`, while the page's ids stay the same.
    enum Basis: Hashable, Sendable {
        case page(target: String, page: String)
        case file(target: String)
        case unreadable(target: String)
    }

    func check(_ url: String, written: String, onPage pageURL: String) -> Outcome {
        var anchorPage: String?, basis: Basis?
        return check(url, written: written, onPage: pageURL, anchorPage: &anchorPage, basis: &basis)
    }

    /// The same, naming in `anchorPage` the page whose ids the answer depended on (a link with an
    /// `#anchor` to a page), so a remembered answer can be trusted while that page's ids stay the same,
    /// and in `basis` what a link that leads somewhere leads to.
    func check(_ url: String, written: String, onPage pageURL: String, anchorPage: inout String?, basis: inout Basis?) -> Outcome {
        guard !LinkTarget.isExternal(url) else { return .ok }
        let (path, suffix) = LinkTarget.splitPath(url)
        let fragment = suffix.utf8.firstIndex(of: UInt8(ascii: "#")).map { String(suffix[suffix.utf8.index(after: $0)...]) }
        let target = resolve(path, from: pageURL)
        if isUnreadable(target) {
            basis = .unreadable(target: target)
            return .ok
        }

        if let page = page(at: target) {
            basis = .page(target: target, page: page)
            // `#top` needs no id: HTML scrolls to the top of the page for it.
            guard let fragment, !fragment.isEmpty, fragment != "top" else { return .ok }
            let id = fragment.containsBytes("%") ? fragment.removingPercentEncoding ?? fragment : fragment
            anchorPage = page
            if pageIDs[page]?.contains(id) == true { return .ok }
            return .broken("link to missing anchor '#\(id)' on \(page) (written '\(written)')")
        }
        if let reason = excluded[target] ?? excluded[target + "/"] {
            return .broken("link to \(target), which is \(reason) and not part of this build")
        }
        if hasFile(at: target) {
            basis = .file(target: target)
            return .ok
        }
        return .broken("link to missing page or file '\(written)'")
    }

    /// Whether a link found to lead where `basis` says still does, without resolving it again.
    func stillHolds(_ basis: Basis) -> Bool {
        switch basis {
        case .unreadable(let target): isUnreadable(target)
        case .page(let target, let page): !isUnreadable(target) && self.page(at: target) == page
        case .file(let target): !isUnreadable(target) && self.page(at: target) == nil && hasFile(at: target)
        }
    }

    private func isUnreadable(_ target: String) -> Bool {
        unreadable.contains(target) || unreadable.contains(target + "/")
    }

    private func hasFile(at target: String) -> Bool {
        let file = String(target.dropFirst())
        return files.contains(file) || files.contains(file + (file.hasSuffix("/") || file.isEmpty ? "" : "/") + "index.html")
    }

    /// The ids of one page, hashed: an `#anchor` answer stays right while this does not change.
    func idsDigest(of page: String) -> Int {
        idsDigests.digest(of: page)
    }

    /// The page a site path shows, following aliases; accepts `/x`, `/x/` and `/x/index.html` alike.
    private func page(at target: String) -> String? {
        var candidates = [target]
        if target.hasSuffix("/index.html") { candidates.append(String(target.dropLast("index.html".count))) }
        if !target.hasSuffix("/") { candidates.append(target + "/") }
        for candidate in candidates {
            if pageIDs[candidate] != nil { return candidate }
            if let page = aliases[candidate] { return page }
        }
        return nil
    }

    /// A link as the browser resolves it from the page it is on.
    private func resolve(_ path: String, from pageURL: String) -> String {
        let decoded = path.containsBytes("%") ? path.removingPercentEncoding ?? path : path
        if decoded.isEmpty { return pageURL }
        if decoded.hasPrefix("/") { return "/" + LinkTarget.normalize(String(decoded.dropFirst())) }
        let directory = LinkTarget.directory(of: String(pageURL.dropFirst()))
        return "/" + LinkTarget.normalize(directory + decoded)
    }
}
