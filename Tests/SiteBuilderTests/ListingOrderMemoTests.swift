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
}
