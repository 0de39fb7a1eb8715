import Foundation
import PigmentModel
import Synchronization

/// What `pigment serve` keeps between rebuilds, so a rebuild redoes only what a change affects:
/// - a page's front matter is read again only when its file's text changed;
/// - its Markdown is rendered again only when its text changed, or, for a page with shortcodes, the
///   data and shortcode templates did, or, for a page with `.md` links, the set of pages did;
/// - its template is rendered and its file written only when something the template sees changed
///   (see `PageFingerprint`): its own text, the pages it lists, its layout and the partials that
///   layout uses, the site file, or the data files when the layout reads `data`;
/// - a section's listing is sorted, the sitemap written, the link checker and the `.md` link resolver
///   made again only when what they are made of changed; a page's links are checked again only when
///   they, or where they lead, changed (see `KeptLinkFindings`).
///
/// Most of a rebuild's pages are the very values they were (`Page.identity`), in the same order, so
/// what it compares it compares by position and by identity first: every pass that looks 10,000
/// pages up by path, or reads each one, costs 5–10 ms however little it does.
///
/// With the watcher's word on which files changed (`filesChanged`), it also reads only those files
/// instead of every page's Markdown.
///
/// Every step it skips is a pure function of what it compares, so a rebuild with the cache writes
/// the same site as a build without it (a test checks that).
public final class BuildCache: Sendable {
    private let pageReads = MemoTable<String, (page: Page?, diagnostics: [Diagnostic])>()
    /// Pages with their Markdown rendered, kept whole so that a hit hands back the same page, copying nothing.
    private let markdown = MemoTable<MarkdownInputs, Page>()
    private let sitemaps = MemoTable<Sitemap.Inputs, String>()
    /// Each listing's order, by the section it lists.
    private let listings = MemoTable<ListingInputs, [Int]>()
    /// How many listings were sorted (the tests' view of when a kept order is used).
    let listingsSorted = Atomic(0)
    private let linkCheckers = MemoTable<LinkChecker.Inputs, LinkChecker>()
    /// Each page's link findings, by page URL, with the `LinkChecker.structureDigest` they were found under.
    private let pageLinkFindings = MemoTable<PageLinkInputs, KeptLinkFindings>()
    private let markdownLinkResolvers = MemoTable<LinkTargetPages, MarkdownLinkResolver>()
    /// The pages of the last build, each with its `PageDigests` (held, so their identities stay theirs).
    private let pageDigests = Mutex<(pages: [Page], digests: [PageDigests])>(([], []))
    private let state = Mutex(State())
    /// Whether every change is reported through `filesChanged`, so unreported files can be trusted unchanged.
    private let changesAreReported: Bool

    private struct State: Sendable {
        /// The last successful build, for a rebuild after an edit of page texts only (`BodyEditRebuild`);
        /// nil after a failed build, so the next one runs whole.
        var lastBuild: LastBuild?
        /// What the served output holds of its pages. Replaced only after a successful build, since a failed
        /// one writes nothing.
        var served = ServedPages()
        /// Every file of the served output after the last successful build, to remove what a build no longer
        /// makes, and of those the files that are not pages.
        var outputFiles: Set<String>?
        var otherFiles: Set<String> = []
        /// How what links lead to changed in the build under way, when it changed simply.
        var linkStructureChange: LinkStructureChange?
        /// Content files by path as last read (a failure is the file's error), and what changed since:
        /// absolute paths from the watcher. Nil: read everything again.
        var contentFiles: [String: Result<SourceFile, Diagnostic>]?
        /// `contentFiles` as the stage returns them (in path order), with where each readable file sits in
        /// that list, so an edit of one file replaces one entry instead of making the list again.
        var loadedContent: LoadedContent?
        var changedPaths: Set<String> = []
    }

    var lastBuild: LastBuild? { state.withLock { $0.lastBuild } }
    var outputFiles: Set<String>? { state.withLock { $0.outputFiles } }

    /// `changesAreReported`: the caller (a file watcher) reports every changed file through `filesChanged`;
    /// then a rebuild reads only those. Otherwise every rebuild reads every file, and skips the rest of the
    /// work for the unchanged ones.
    public init(changesAreReported: Bool = false) {
        self.changesAreReported = changesAreReported
    }

    /// The watcher saw these files (absolute paths) change; a folder among them means "read everything again".
    public func filesChanged(_ paths: Set<String>) {
        state.withLock { $0.changedPaths.formUnion(paths) }
    }

    /// How many entries each of its tables holds, by table: what a long `serve` session keeps.
    var entryCounts: [String: Int] {
        let (written, files) = state.withLock { ($0.served.results.count, $0.contentFiles?.count ?? 0) }
        let links = pageLinkFindings.count
        return ["page reads": pageReads.count, "markdown": markdown.count, "link findings": links,
                "written pages": written, "content files": files]
    }

    /// A served folder that was removed (or never built) must be written whole.
    func forgetOutput(unlessExists output: URL?) {
        guard let output, !FileManager.default.fileExists(atPath: output.path) else { return }
        state.withLock { state in
            state.served = ServedPages()
            state.outputFiles = []
            state.otherFiles = []
        }
    }

    /// Every file the site has (`pages`' and `otherFiles`), and whether that is what the output already holds.
    func siteFiles(pages: [Page], otherFiles: Set<String>, written: WrittenPages) -> (files: Set<String>, unchanged: Bool) {
        if written.sameShape, let kept = state.withLock({ $0.otherFiles == otherFiles ? $0.outputFiles : nil }) {
            return (kept, true)
        }
        return (Set(pages.map(\.outputPath)).union(otherFiles), false)
    }

    /// Called once the output holds the new build (`siteFiles`: what `siteFiles` said).
    func commit(pages: [Page], written: WrittenPages, siteFiles: Set<String>, otherFiles: Set<String>) {
        state.withLock { state in
            state.served = state.served.replaced(by: pages, fingerprints: written.fingerprints, results: written.results,
                                                 sameShape: written.sameShape)
            state.outputFiles = siteFiles
            state.otherFiles = otherFiles
        }
        // Findings of pages that are gone are forgotten (a table ordered by this build's pages holds no others).
        if !written.sameShape, pageLinkFindings.count != pages.count { pageLinkFindings.keepOnly(Set(pages.map(\.url))) }
    }
}

// The stages the cache can skip, each equal to its uncached form in `buildSite`.
extension BuildCache {
    /// Stage 1: the content files, read again only where the watcher saw a change. Anything it cannot
    /// place (a folder appeared, vanished or moved) makes it read the whole folder, as a build does.
    func loadContent(_ loader: ContentLoader) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var (known, changed) = state.withLock { state in
            // Taken out (and put back below), so that changing an entry does not copy the table.
            defer { state.changedPaths = []; state.contentFiles = nil }
            return (state.contentFiles, state.changedPaths)
        }
        var readAll = known == nil || !changesAreReported
        var files = known.take() ?? [:]
        let folder = loader.contentDirectory.standardizedFileURL.path + "/"
        var pathsChanged = readAll
        var edited: [String] = []
        for path in changed where !readAll && path.hasPrefix(folder) {
            let relative = String(path.dropFirst(folder.count))
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            // A removed path that was a page was not a folder: only a path the table does not know is
            // looked for among every page's path (one pass over 10,000 took 6–13 ms of each removal).
            let folderPrefix = relative + "/"
            if isFolder.boolValue || (!exists && files[relative] == nil && files.keys.contains { $0.hasPrefix(folderPrefix) }) {
                readAll = true
            } else if loader.isPage(relative) {
                pathsChanged = pathsChanged || exists != (files[relative] != nil)
                files[relative] = exists ? loader.read(relative) : nil
                edited.append(relative)
            }
        }
        if readAll {
            let paths = loader.markdownPaths()
            files = Dictionary(uniqueKeysWithValues: zip(paths, paths.parallelMap(loader.read)))
            pathsChanged = true
        }
        // Taken out of the state, so that changing an entry does not copy the list.
        var kept = readAll ? nil : state.withLock { state in
            defer { state.loadedContent = nil }
            return state.loadedContent
        }
        let loaded = kept?.update(edited, from: files) == true ? kept! : LoadedContent(files)
        state.withLock { [files] state in
            state.contentFiles = files
            state.loadedContent = loaded
        }
        // A page that is gone is forgotten, or a long session would keep every page it ever saw.
        if readAll {
            let present = Set(files.keys)
            pageReads.keepOnly(present)
            markdown.keepOnly(present)
        } else if pathsChanged {
            let gone = Set(edited.filter { files[$0] == nil })
            pageReads.forget(gone)
            markdown.forget(gone)
        }
        return (loaded.files, loaded.diagnostics)
    }

    /// Stage 2: front matter, read again only for files whose text changed.
    func readPages(_ files: [SourceFile]) -> [(page: Page?, diagnostics: [Diagnostic])] {
        return pageReads.values(for: files.map(\.contentPath), inputs: { index, _ in files[index].text }) { index, revision in
            var result = PageReader.read(files[index])
            result.page?.revision = revision
            return result
        }
    }

    /// Stage 3's `.md` link resolver, made again only when a page came, went or moved.
    func markdownLinks(_ targets: LinkTargetPages) -> MarkdownLinkResolver {
        markdownLinkResolvers.value(for: "site", inputs: targets) { _ in MarkdownLinkResolver(targets.inputs) }
    }

    /// Stage 3: Markdown, rendered again only when something the renderer reads for that page changed.
    func renderMarkdown(of pages: [Page], with renderer: MarkdownRenderer) -> [Page] {
        let settings = renderer.settings.hashValue
        let linkTargets = renderer.markdownLinks.digest
        let shortcodeInputs = renderer.shortcodes.digest
        return markdown.values(for: pages.map { $0.source!.contentPath }, inputs: { index, last in
            let page = pages[index]
            // The page's revision names its text; whether that has `.md` links or shortcodes is known from
            // last time for the same revision, which saves reading every page's text on each rebuild.
            let sameText = last?.page == page.revision
            return MarkdownInputs(
                page: page.revision, settings: settings,
                linkTargets: (sameText ? last!.linkTargets != nil : page.body.containsBytes(".md")) ? linkTargets : nil,
                shortcodeInputs: (sameText ? last!.shortcodeInputs != nil : page.body.containsBytes("{{<")) ? shortcodeInputs : nil)
        }) { index, revision in
            var page = pages[index]
            page.rendered = renderer.render(body: page.body, lineOffset: page.bodyLineOffset, file: page.source!)
            page.revision = revision
            page.body = ""  // as in `buildSite`: rendered, the Markdown is not needed again
            return page
        }
    }
}

// `BodyEditRebuild`: the state it starts from, and what it changes.
extension BuildCache {
    func remember(_ build: LastBuild?) {
        state.withLock { $0.lastBuild = build }
    }

    /// Takes the changes the watcher reported if every one is an existing page file this cache has read
    /// before, as content paths (`blog/post.md`); nil (taking nothing) when anything else changed. What is
    /// taken must be given back (`giveBack`) unless the rebuild that took it succeeds.
    func takeChangedPagesOnly(in contentDirectory: URL) -> Set<String>? {
        state.withLock { state -> Set<String>? in
            guard changesAreReported, let known = state.contentFiles, !state.changedPaths.isEmpty else { return nil }
            let folder = contentDirectory.standardizedFileURL.path + "/"
            let loader = ContentLoader(contentDirectory: contentDirectory, displayPrefix: "Content")
            var pages: Set<String> = []
            for path in state.changedPaths {
                guard path.hasPrefix(folder) else { return nil }
                let relative = String(path.dropFirst(folder.count))
                var isFolder: ObjCBool = false
                guard loader.isPage(relative), known[relative] != nil,
                      FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
                pages.insert(relative)
            }
            state.changedPaths = []
            return pages
        }
    }

    func giveBack(_ pages: Set<String>, in contentDirectory: URL) {
        let folder = contentDirectory.standardizedFileURL.path + "/"
        state.withLock { $0.changedPaths.formUnion(pages.map { folder + $0 }) }
    }

    /// The text a page had when it was last read.
    func lastText(of contentPath: String) -> String? {
        pageReads.inputs(for: contentPath)
    }

    /// A body-edit rebuild succeeded: its pages are served, and the files it read are no longer news.
    /// The pages at `indexes` are served with `results`, and no fingerprint: the next full build renders them again.
    func commitBodyEdit(_ build: LastBuild, files: [SourceFile], indexes: [Int], results: [PageWriteResult]) {
        state.withLock { state in
            state.lastBuild = build
            state.served.update(at: indexes, results: results)
            for file in files { state.contentFiles?[file.contentPath] = .success(file) }
            if let contentFiles = state.contentFiles, state.loadedContent?.update(files.map(\.contentPath), from: contentFiles) != true {
                state.loadedContent = nil
            }
        }
    }
}

// Stage 4: a listing's order, sorted again only when the pages it lists changed what they are sorted by.
extension BuildCache {
    /// How many listings' orders are kept: one per listing page (the tests' view of the memo's keys).
    var keptListingCount: Int { listings.count }

    func ordered(listingOf folder: String, _ members: [Int], in pages: [Page]) -> [Int] {
        // Kept as places among the listed pages, not as places in the site: a page added before them
        // moves every index by one, and would otherwise sort every section again. Kept by the listing's
        // folder: a tag's listing holds pages of many folders, and kept by its first page's folder it
        // took the memo of that section's listing, so both were sorted again on every rebuild.
        // Most rebuilds change no listing: compared in place, before copying its pages into new inputs.
        if let last = listings.kept(for: folder), last.inputs.lists(members, of: pages) { return last.value.map { members[$0] } }
        let listed = ListingInputs(pages: members.map { pages[$0] })
        let places = listings.value(for: folder, inputs: listed) { _ in
            // The same pages in the same places, with a title or date changed: the last order, if it still holds.
            if let last = listings.kept(for: folder), Page.sameEach(last.inputs.pages, listed.pages, by: { $0.url == $1.url }),
               SiteAssembler.isOrdered(last.value, in: listed.pages) {
                return last.value
            }
            listingsSorted.add(1, ordering: .relaxed)
            return SiteAssembler.ordered(Array(listed.pages.indices), in: listed.pages)
        }
        return places.map { members[$0] }
    }
}

/// What a listing's order depends on: the pages it lists, in site order, and what they are sorted by.
struct ListingInputs: Equatable, Sendable {
    var pages: [Page]

    static func == (a: ListingInputs, b: ListingInputs) -> Bool {
        Page.sameEach(a.pages, b.pages, by: sortsAlike)
    }

    /// Whether these are the pages at `members` of `pages`, as far as their order goes.
    func lists(_ members: [Int], of pages: [Page]) -> Bool {
        self.pages.count == members.count
            && members.indices.allSatisfy { self.pages[$0].identity == pages[members[$0]].identity || Self.sortsAlike(self.pages[$0], pages[members[$0]]) }
    }

    private static func sortsAlike(_ a: Page, _ b: Page) -> Bool {
        a.metadata.weight == b.metadata.weight && a.metadata.date == b.metadata.date && a.metadata.title == b.metadata.title && a.url == b.url
    }
}

// Stage 5: pages, rendered and written only when their fingerprint is not the one already served.
extension BuildCache {
    /// `write` renders and writes the pages at the indexes it is given (`SiteWriter.writePages`).
    func writePages(of site: AssembledSite, templates: TemplateSet, baseURL: String,
                    write: ([Int]) -> [PageWriteResult]) -> WrittenPages {
        let pd = digests(of: site.pages)
        let fingerprints = PageFingerprints(site: site, templates: templates, baseURL: baseURL, pageDigests: pd)
        let fingerprint = Array(site.pages.indices).parallelMap { fingerprints.fingerprint(ofPageAt: $0) }
        let served = state.withLock { $0.served }
        let sameShape = served.hasShape(of: site.pages)
        let positions = sameShape ? [] : served.positions(of: site.pages)
        var results = [PageWriteResult?](repeating: nil, count: site.pages.count)
        var stale: [Int] = []
        for index in site.pages.indices {
            if let position = sameShape ? index : positions[index], served.fingerprints[position] == fingerprint[index] {
                results[index] = served.results[position]
            } else {
                stale.append(index)
            }
        }
        for (index, result) in zip(stale, write(stale)) { results[index] = result }
        return WrittenPages(results: results.takeAll(), fingerprints: fingerprint, renderedCount: stale.count, sameShape: sameShape)
    }
}

extension BuildCache {
    /// `PageDigests` of every page, made again only for pages that are not the very values they were last
    /// time: found by position (a pointer compared), or, when pages came or went, by identity.
    private func digests(of pages: [Page]) -> [PageDigests] {
        let last = pageDigests.withLock { $0 }
        var found = [PageDigests?](repeating: nil, count: pages.count)
        var missing: [Int] = []
        for index in pages.indices {
            if index < last.pages.count, last.pages[index].identity == pages[index].identity {
                found[index] = last.digests[index]
            } else {
                missing.append(index)
            }
        }
        if missing.count > 16 {
            let positions = Dictionary(zip(last.pages.map(\.identity), last.pages.indices), uniquingKeysWith: { first, _ in first })
            missing.removeAll { index in
                guard let position = positions[pages[index].identity] else { return false }
                found[index] = last.digests[position]
                return true
            }
        }
        for (index, digests) in zip(missing, missing.parallelMap { PageDigests(of: pages[$0]) }) { found[index] = digests }
        let digests = found.takeAll()
        pageDigests.withLock { $0 = (pages, digests) }
        return digests
    }
}

// Stage 6: the sitemap, made again only when what it shows changed.
extension BuildCache {
    func sitemap(_ inputs: Sitemap.Inputs, make: () -> String) -> String {
        sitemaps.value(for: "sitemap.xml", inputs: inputs) { _ in make() }
    }
}

// Stage 7: the link checker, and link findings, kept per page.
extension BuildCache {
    /// The checker, made again only when what it checks against changed: nearly every rebuild keeps the
    /// pages, their ids and the files, and making it (four tables of every page) took 10 ms.
    func linkChecker(_ inputs: LinkChecker.Inputs) -> LinkChecker {
        let last = linkCheckers.kept(for: "site")
        let checker = linkCheckers.value(for: "site", inputs: inputs) { _ in LinkChecker(inputs) }
        // How it changed, for the findings kept from the last build (`KeptLinkFindings`).
        let change = last.flatMap { last in
            last.value.structureDigest == checker.structureDigest ? nil
                : LinkStructureChange(from: last.inputs, structure: last.value.structureDigest, to: inputs, structure: checker.structureDigest)
        }
        state.withLock { $0.linkStructureChange = change }
        return checker
    }

    /// Every page's findings: kept from the last build when nothing they depend on changed, else `check`'s.
    /// `structure`: `checker.structureDigest`.
    func linkFindings(of site: AssembledSite, templateLinks: [[String]], checker: LinkChecker, structure: Int,
                      check: @Sendable (Int) -> PageLinkFindings) -> [PageLinkFindings] {
        let change = state.withLock { $0.linkStructureChange }
        return pageLinkFindings.values(for: site.pages.map(\.url), inputs: { index, _ in
            Self.linkInputs(of: site.pages[index], templateLinks: templateLinks[index])
        }, revalidate: { $0.revalidate(checker: checker, structure: structure, change: change) }) { index, _ in
            KeptLinkFindings(findings: check(index), structure: structure)
        }.map(\.findings)
    }

    /// One page's findings, as `linkFindings(of:)` keeps them.
    func linkFindings(ofPageAt index: Int, in site: AssembledSite, templateLinks: [String], checker: LinkChecker, structure: Int,
                      check: (Int) -> PageLinkFindings) -> PageLinkFindings {
        pageLinkFindings.value(for: site.pages[index].url, inputs: Self.linkInputs(of: site.pages[index], templateLinks: templateLinks),
                               revalidate: { $0.revalidate(checker: checker, structure: structure, change: nil) }) { _ in
            KeptLinkFindings(findings: check(index), structure: structure)
        }.findings
    }

    private static func linkInputs(of page: Page, templateLinks: [String]) -> PageLinkInputs {
        // A generated page (revision 0) has no revision to compare its own links by: when it has links, it is
        // given a new one each time, so they are always checked again (a section's listing is in its template links).
        let revision = page.revision != 0 || (page.rendered?.links ?? []).isEmpty ? page.revision : MemoRevision.next()
        return PageLinkInputs(revision: revision, templateLinks: templateLinks)
    }
}

/// A page's link findings as `BuildCache` keeps them.
struct KeptLinkFindings: Sendable {
    var findings: PageLinkFindings
    /// `LinkChecker.structureDigest` when they were found.
    var structure: Int

    /// Whether they are what checking the page's links again would find: the pages their `#anchor` answers
    /// looked into have the same ids, and either nothing that exists changed, or every link leads somewhere
    /// and still leads where it led (then they count as found under `structure`). A page added or removed
    /// then costs each page a lookup per link, or nothing, not a check of every link of the site again
    /// (90 ms at 10,000 pages). `change`: how the structure changed since the last build, if simply.
    mutating func revalidate(checker: LinkChecker, structure: Int, change: LinkStructureChange?) -> Bool {
        guard findings.anchorDependencies.allSatisfy({ checker.idsDigest(of: $0.page) == $0.idsDigest }) else { return false }
        if self.structure == structure { return true }
        guard findings.isClean else { return false }
        if let change, change.from == self.structure, change.to == structure {
            guard change.keeps(findings.bases) else { return false }
        } else {
            guard findings.bases.allSatisfy(checker.stillHolds) else { return false }
        }
        self.structure = structure
        return true
    }
}

/// Stage 1's result kept by `BuildCache`: the readable files in path order, and the others' errors.
struct LoadedContent: Sendable {
    /// The readable files, sorted by content path.
    private(set) var files: [SourceFile] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var unreadable: Set<String> = []

    init(_ byPath: [String: Result<SourceFile, Diagnostic>]) {
        for path in byPath.keys.sorted() {
            switch byPath[path]! {
            case .success(let file): files.append(file)
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                unreadable.insert(path)
            }
        }
    }

    /// Puts in the files at `paths` as they now are in `byPath`: replaced, added or removed where the
    /// sorted list has them (a new page is one insertion, not a sort of 10,000 paths: 20 ms). False (the
    /// list then half-updated) when one was unreadable before or is now: the list must be made again.
    mutating func update(_ paths: [String], from byPath: [String: Result<SourceFile, Diagnostic>]) -> Bool {
        for path in paths {
            guard !unreadable.contains(path) else { return false }
            let position = firstPosition(notBefore: path)
            let present = position < files.count && files[position].contentPath == path
            switch byPath[path] {
            case .success(let file)?: if present { files[position] = file } else { files.insert(file, at: position) }
            case nil: if present { files.remove(at: position) }
            case .failure?: return false
            }
        }
        return true
    }

    private func firstPosition(notBefore path: String) -> Int {
        var low = 0, high = files.count
        while low < high {
            let middle = (low + high) / 2
            if files[middle].contentPath < path { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Stage 5's results, for every page of the site.
struct WrittenPages: Sendable {
    var results: [PageWriteResult]
    /// Each page's fingerprint (empty without the cache).
    var fingerprints: [Int?]
    /// How many pages were rendered and written, not kept as served.
    var renderedCount: Int
    /// Whether the pages are the served pages' paths in the same order (`ServedPages.hasShape(of:)`).
    var sameShape = false
}

/// What a page's links are, besides its URL (their name): what they lead to is `KeptLinkFindings`' to judge.
struct PageLinkInputs: Equatable, Sendable {
    /// Changes whenever the page's Markdown, and so its links, change.
    var revision: Int
    var templateLinks: [String]
}


/// Everything the Markdown renderer reads for one page, compared before rendering it again.
struct MarkdownInputs: Equatable, Sendable {
    /// The revision of the page as read: names its file's text, so its body, where the body starts and its path.
    var page: Int
    var settings: Int
    /// The published pages' URLs, for pages that link `.md` files (nil: the page links none).
    var linkTargets: Int?
    /// The data files and shortcode templates, for pages with shortcodes (nil: the page has none).
    var shortcodeInputs: Int?
}
