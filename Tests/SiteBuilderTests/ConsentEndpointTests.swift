import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// `consent: {endpoint: …}` in site.yml: the consent API on its own origin. The banner's script
/// configuration and the no-JavaScript forms (the banner's, the preference centre's) post there.
@Suite("Consent endpoint")
struct ConsentEndpointTests {
    /// Every address a page of the built site posts choices to or reads them from.
    static func consentAddresses(_ html: String) -> [String] {
        html.matches(of: #/(?:data-api|action)="([^"]*)"/#).map { String($0.1) }
    }

    @Test func theEndpointReachesTheScriptsConfigurationAndEveryFormAndAnEditOfItIsServed() throws {
        let site = try IncrementalRebuildTests.ServedSite(watched: true)
        let home = try String(contentsOf: site.served.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(Self.consentAddresses(home) == ["/api/consent", "/api/consent"], "same origin by default: the script's and the banner's")

        try site.edit("Content/site.yml") { $0 + "\nconsent:\n  endpoint: https://Consent.example.com/\n" }
        try site.rebuild()
        let page = try String(contentsOf: site.served.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(Self.consentAddresses(page) == ["https://consent.example.com/api/consent", "https://consent.example.com/api/consent"])
        let preferences = try String(contentsOf: site.served.appendingPathComponent("cookie-settings/index.html"), encoding: .utf8)
        // The script's, then the preference centre's forms (its page has no banner): choices, the no-JavaScript
        // receipt page, erasure, withdrawal.
        #expect(Self.consentAddresses(preferences) == ["https://consent.example.com/api/consent", "https://consent.example.com/api/consent",
                                                       "https://consent.example.com/api/consent/receipt",
                                                       "https://consent.example.com/api/events/mine/erase", "https://consent.example.com/api/consent"])
        try site.expectSameAsFreshBuild(after: "a consent.endpoint edit")
    }

    @Test(arguments: [
        ("consent:\n  endpoint: consent.example.com\n", "Content/site.yml:4:13: error: consent.endpoint must be the consent API's origin, an absolute http(s) URL without a path: it must start with http:// or https://"),
        ("consent:\n  endpoint: https://consent.example.com/api/consent\n", "Content/site.yml:4:13: error: consent.endpoint must be the consent API's origin, an absolute http(s) URL without a path: it has a path ('/api/consent'); an origin ends after the host and port"),
        ("consent:\n  endpoint: https://consent.example.com?x=1\n", "Content/site.yml:4:13: error: consent.endpoint must be the consent API's origin, an absolute http(s) URL without a path: it has a query or fragment ('?x=1')"),
        ("consent:\n  endpiont: https://consent.example.com\n", "Content/site.yml:4:13: error: unknown consent setting 'endpiont' (known: endpoint)"),
        ("consent: https://consent.example.com\n", "Content/site.yml:3:10: error: 'consent' must be a mapping"),
    ])
    func aBadEndpointIsAnErrorAtItsPlace(settings: String, message: String) throws {
        let site = try TemporarySite(["Content/site.yml": "title: T\nbaseURL: https://example.org/\n" + settings,
                                      "Content/index.md": "---\ntitle: Home\n---\nHi\n"])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [message])
    }

    @Test func anEmptyEndpointIsTheSitesOwnOrigin() throws {
        let site = try TemporarySite([
            "Content/site.yml": "title: T\nbaseURL: https://example.org/\nconsent:\n  endpoint: ''\n",
            "Templates/page.mustache": "{{<base}}{{$main}}<form action=\"{{site.consent.api}}\" data-origin=\"{{site.consent.endpoint}}\"></form>{{/main}}{{/base}}",
            "Content/a.md": "---\ntitle: A\n---\nHi\n",
        ])
        try site.build()
        #expect(try site.read("a/index.html").contains(#"<form action="/api/consent" data-origin=""></form>"#))
    }
}
