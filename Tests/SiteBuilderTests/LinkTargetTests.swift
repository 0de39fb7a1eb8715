import Testing
@testable import SiteBuilder

/// The URL helpers run for every link of every page, so they work over bytes; these pin their rules.
@Suite("Link targets")
struct LinkTargetTests {
    @Test func linksWithASchemeOrTwoSlashesLeaveTheSite() {
        for link in ["https://example.org/", "mailto:privacy@pigment.studio", "tel:+15550100", "//cdn.example.org/x.js", "a+b.c-d:x"] {
            #expect(LinkTarget.isExternal(link), "\(link)")
        }
        for link in ["/legal/privacy/", "../terms/", "#top", ":no-scheme", "/a:b", "page.md", "", "café:x"] {
            #expect(!LinkTarget.isExternal(link), "\(link)")
        }
    }

    @Test func theSuffixStartsAtTheFirstQueryOrFragment() {
        #expect(LinkTarget.splitPath("a/b.md?x=1#y") == ("a/b.md", "?x=1#y"))
        #expect(LinkTarget.splitPath("ünï/page.md#häd") == ("ünï/page.md", "#häd"))
        #expect(LinkTarget.splitPath("plain/") == ("plain/", ""))
        #expect(LinkTarget.splitPath("#only") == ("", "#only"))
    }
}
