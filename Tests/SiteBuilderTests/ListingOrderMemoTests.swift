import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// `pigment serve` keeps each listing's order between rebuilds, by the listing's folder. Tag listings
/// hold pages of other folders: kept by their first page's folder, they took the memo of that
/// section's listing (and `tags/` the home page's), so all of them were sorted again on every rebuild.
@Suite("Listing orders kept between rebuilds")
struct ListingOrderMemoTests {
    @Test func eachListingPageKeepsAnOrderOfItsOwn() throws {
        let site = try TemporarySite([
            "Content/blog/a.md": page("title: A\ndate: 2026-01-02\ntags: [guide]"),
            "Content/blog/b.md": page("title: B\ndate: 2026-01-03\ntags: [guide, design]"),
        ])
        let cache = BuildCache()
        var options = site.options()
        options.cache = cache
        _ = try buildSite(options)
        // The home page, /blog/, /tags/, /tags/guide/ and /tags/design/.
        #expect(cache.keptListingCount == 5)
        _ = try buildSite(options)
        #expect(cache.keptListingCount == 5)
        let guide = try String(contentsOf: options.output!.appendingPathComponent("tags/guide/index.html"), encoding: .utf8)
        let newestFirst = try #require(guide.range(of: "/blog/b/")).lowerBound < (try #require(guide.range(of: "/blog/a/"))).lowerBound
        #expect(newestFirst)
    }

    /// A title edit that leaves a page where it was among its listing's (another date than its
    /// neighbours') keeps each listing's last order: nothing is sorted.
    @Test func aTitleEditThatKeepsTheOrderSortsNoListing() throws {
        let (sortsBefore, sortsAfter, listing) = try retitleA(dates: ["2026-01-01", "2026-01-02", "2026-01-03"])
        #expect(sortsAfter == sortsBefore)
        #expect(listing == ["/blog/c/", "/blog/b/", "/blog/a/"])
    }

    /// A title edit that moves a page among pages of the same date sorts its listing again.
    @Test func aTitleEditThatMovesAPageSortsItsListingAgain() throws {
        let (sortsBefore, sortsAfter, listing) = try retitleA(dates: ["2026-01-01", "2026-01-01", "2026-01-01"])
        #expect(sortsAfter > sortsBefore)
        #expect(listing == ["/blog/b/", "/blog/c/", "/blog/a/"], "A, B, C became B, C, Zebra")
    }

    /// Builds pages A, B and C of `dates` with a cache, retitles A "Zebra" and builds again: the listings
    /// sorted before and after the edit, and the blog listing's order then.
    private func retitleA(dates: [String]) throws -> (sortsBefore: Int, sortsAfter: Int, listing: [String]) {
        let site = try TemporarySite(Dictionary(uniqueKeysWithValues: zip(["a", "b", "c"], dates).map { name, date in
            ("Content/blog/\(name).md", page("title: \(name.uppercased())\ndate: \(date)"))
        }))
        let cache = BuildCache()
        var options = site.options()
        options.cache = cache
        _ = try buildSite(options)
        let sortsBefore = cache.listingsSorted.load(ordering: .relaxed)
        try site.write("Content/blog/a.md", page("title: Zebra\ndate: \(dates[0])"))
        _ = try buildSite(options)
        return (sortsBefore, cache.listingsSorted.load(ordering: .relaxed), listed(try site.read("blog/index.html")))
    }

    /// Random edits of titles, dates and weights among pages that tie often: after each, every listing of
    /// the rebuild is the one a build without the cache writes.
    @Test func keptOrdersAreTheOrdersAFreshBuildGives() throws {
        var random = SplitMix(seed: 19)
        func text(_ index: Int) -> String {
            let weight = random.next() % 3 == 0 ? "\nweight: \(random.next() % 2)" : ""
            let date = random.next() % 4 == 0 ? "" : "\ndate: 2026-01-0\(1 + random.next() % 2)"
            return page("title: T\(random.next() % 4)\(date)\(weight)\ntags: [shared]")
        }
        var files: [String: String] = [:]
        for index in 0..<12 { files["Content/blog/p\(index).md"] = text(index) }
        let site = try TemporarySite(files)
        let cache = BuildCache()
        var options = site.options()
        options.cache = cache
        var fresh = site.options()
        fresh.output = site.root.appendingPathComponent("_fresh")
        _ = try buildSite(options)
        for _ in 0..<40 {
            let edited = Int(random.next() % 12)
            try site.write("Content/blog/p\(edited).md", text(edited))
            _ = try buildSite(options)
            _ = try buildSite(fresh)
            for listing in ["blog/index.html", "tags/shared/index.html"] {
                let kept = try site.read(listing)
                let made = try String(contentsOf: fresh.output!.appendingPathComponent(listing), encoding: .utf8)
                let source = try String(contentsOf: site.root.appendingPathComponent("Content/blog/p\(edited).md"), encoding: .utf8)
                #expect(listed(kept) == listed(made), "\(listing) after p\(edited).md became: \(source)")
            }
        }
    }

    /// The page URLs a listing page links, in order.
    private func listed(_ html: String) -> [String] {
        html.matches(of: #/<li><a href="([^"]+)">/#).map { String($0.1) }
    }
}
