/// What the served output holds of its pages after the last successful build, in the site's page order:
/// the fingerprint each was rendered with (nil: not known, render again) and what the link check needs of it.
///
/// Kept by position: a rebuild's pages are nearly always the last build's, in the same order, at the same
/// output paths and from the same files (`hasShape(of:)`, a pass of string comparisons that mostly compare
/// identical storage). Then nothing is looked up by path; looking up and keeping 10,000 pages by path in
/// dictionaries took 30 ms of a rebuild. When pages come or go, the rest are found by walking both lists
/// (`NameAlignment`), and only when that fails by path.
struct ServedPages: Sendable {
    /// The pages as built: one unchanged since is the same value (`Page.identity`), its paths not read.
    private(set) var pages: [Page] = []
    private(set) var outputPaths: [String] = []
    private(set) var contentPaths: [String?] = []
    private(set) var fingerprints: [Int?] = []
    private(set) var results: [PageWriteResult] = []

    /// Whether `pages` are these pages' output paths and files, in the same order.
    func hasShape(of pages: [Page]) -> Bool {
        guard pages.count == outputPaths.count else { return false }
        for index in pages.indices where pages[index].identity != self.pages[index].identity {
            let page = pages[index]
            guard page.outputPath == outputPaths[index], page.source?.contentPath == contentPaths[index] else { return false }
        }
        return true
    }

    /// Where each of `pages` was served (nil: it was not), for pages of another shape.
    func positions(of pages: [Page]) -> [Int?] {
        let paths = pages.map(\.outputPath)
        if let aligned = NameAlignment.positions(of: paths, in: outputPaths) { return aligned }
        let byPath = Dictionary(zip(outputPaths, outputPaths.indices), uniquingKeysWith: { first, _ in first })
        return paths.map { byPath[$0] }
    }

    /// The pages a build has put in place, with their fingerprints and results, all in site order.
    func replaced(by pages: [Page], fingerprints: [Int?], results: [PageWriteResult], sameShape: Bool) -> ServedPages {
        var next = sameShape ? self : ServedPages(shapeOf: pages)
        next.pages = pages
        next.fingerprints = fingerprints
        next.results = results
        return next
    }

    /// The pages at `indexes`, rendered again with no fingerprint known.
    mutating func update(at indexes: [Int], results: [PageWriteResult]) {
        for (index, result) in zip(indexes, results) {
            fingerprints[index] = nil
            self.results[index] = result
        }
    }

    private init(shapeOf pages: [Page]) {
        outputPaths = pages.map(\.outputPath)
        contentPaths = pages.map { $0.source?.contentPath }
    }

    init() {}
}
