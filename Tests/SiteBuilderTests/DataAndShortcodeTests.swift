import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Generated tables: data files in `Content/data/`, placed with `{{< name >}}` tags.
@Suite("Data files and shortcodes")
struct DataAndShortcodeTests {
    /// The cookie table template the site ships, so the test checks what visitors see.
    static let shippedCookieTable = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates/shortcodes/cookie-table.mustache"), encoding: .utf8)

    static let registry = """
        categories:
          - id: essential
            title: Essential
            required: true
            description: Always on.
            cookies:
              - name: __session
                provider: Clerk
                purpose: Keeps you signed in.
                lifetime: 1 minute
          - id: analytics
            title: Analytics
            description: Opt-in.
            cookies:
              - name: ps_analytics_id
                provider: Pigment Studio
                purpose: Counts visits.
                lifetime: 13 months
        """

    static func site(_ extra: [String: String] = [:]) throws -> TemporarySite {
        try TemporarySite([
            "Templates/shortcodes/cookie-table.mustache": shippedCookieTable,
            "Content/data/consent.yml": registry,
            "Content/legal/cookies.md": page("title: Cookies", "Our cookies:\n\n{{< cookie-table >}}\n\nAnalytics only:\n\n{{< cookie-table category=\"analytics\" >}}\n"),
        ].merging(extra) { _, new in new })
    }

    /// The cookie names in each generated table, in order.
    static func tables(_ html: String) -> [[String]] {
        html.components(separatedBy: "<table").dropFirst().map { table in
            String(table.prefix { _ in true }.components(separatedBy: "</table>")[0])
                .matches(of: #/<tr><td><code>([^<]+)</code>/#).map { String($0.1) }
        }
    }

    @Test func cookieTableListsExactlyTheRegistryCookiesAndFollowsItsChanges() throws {
        let site = try Self.site()
        try site.build()
        #expect(Self.tables(try site.read("legal/cookies/index.html")) == [["__session", "ps_analytics_id"], ["ps_analytics_id"]])

        // A new analytics cookie and a removed essential one: the next build's tables say so.
        let changed = """
            categories:
              - id: essential
                title: Essential
                required: true
                description: Always on.
              - id: analytics
                title: Analytics
                description: Opt-in.
                cookies:
                  - name: ps_analytics_id
                    provider: Pigment Studio
                    purpose: Counts visits.
                    lifetime: 13 months
                  - name: ps_session_count
                    provider: Pigment Studio
                    purpose: Counts pages per visit.
                    lifetime: 30 minutes
            """
        try site.write("Content/data/consent.yml", changed)
        try site.build()
        #expect(Self.tables(try site.read("legal/cookies/index.html")) == [["ps_analytics_id", "ps_session_count"], ["ps_analytics_id", "ps_session_count"]])
    }

    @Test func cookieTableShowsEveryColumnEscaped() throws {
        let site = try Self.site(["Content/data/consent.yml": Self.registry.replacingOccurrences(of: "Counts visits.", with: "Counts <visits> & more.")])
        try site.build()
        let html = try site.read("legal/cookies/index.html")
        #expect(html.contains("<tr><td><code>ps_analytics_id</code></td><td>Pigment Studio</td><td>Counts &lt;visits&gt; &amp; more.</td><td>13 months</td><td>Analytics</td></tr>"))
        #expect(html.contains("<caption>Analytics cookies</caption>"))
    }

    @Test func registryVersionChangesWithWhatVisitorsAreShown() throws {
        let site = try Self.site(["Templates/page.mustache": "{{<base}}{{$main}}<p id=\"v\">{{data.consent.version}}</p>{{/main}}{{/base}}"])
        try site.build()
        let first = try #require(try site.read("legal/cookies/index.html").firstMatch(of: #/<p id="v">([0-9a-f]{16})</p>/#)).1
        try site.build()
        #expect(try site.read("legal/cookies/index.html").contains("<p id=\"v\">\(first)</p>"), "stable across builds")
        try site.write("Content/data/consent.yml", Self.registry.replacingOccurrences(of: "13 months", with: "12 months"))
        try site.build()
        #expect(!(try site.read("legal/cookies/index.html").contains("<p id=\"v\">\(first)</p>")))
    }

    @Test func subprocessorListAndTable() throws {
        let site = try TemporarySite([
            "Templates/shortcodes/subprocessor-list.mustache": "<ul>{{#subprocessors}}<li><strong>{{name}}:</strong> {{purpose}}.</li>{{/subprocessors}}</ul>",
            "Content/data/subprocessors.yml": """
                subprocessors:
                  - name: Clerk
                    purpose: authentication and user management
                    data: Email address
                    location: United States
                    url: https://clerk.com/legal/privacy
                """,
            "Content/legal/privacy.md": page("title: Privacy", "Providers:\n\n{{< subprocessor-list >}}\n"),
        ])
        try site.build()
        #expect(try site.read("legal/privacy/index.html").contains("<ul><li><strong>Clerk:</strong> authentication and user management.</li></ul>"))
    }

    @Test func anyTemplateInShortcodesIsAShortcodeWithArguments() throws {
        let site = try TemporarySite([
            "Templates/shortcodes/note.mustache": "<aside class=\"note\">{{args.text}}</aside>",
            "Content/p.md": page("title: P", "Before.\n\n  {{< note text=\"Read this\" >}}\n\nAfter."),
        ])
        try site.build()
        #expect(try site.read("p/index.html").contains("<p>Before.</p>\n<aside class=\"note\">Read this</aside>\n<p>After.</p>"))
    }

    @Test func tagsInsideCodeFencesStayLiteral() throws {
        let site = try Self.site(["Content/docs.md": page("title: Docs", "```\n{{< cookie-table >}}\n```\n")])
        try site.build()
        #expect(try site.read("docs/index.html").contains("<pre><code>{{&lt; cookie-table &gt;}}\n</code></pre>"))
    }

    @Test func unknownShortcodeIsAnErrorAtItsLine() throws {
        let site = try Self.site(["Content/p.md": page("title: P", "Text.\n\n{{< cookie-tabel >}}\n")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/p.md:6:1: error: unknown shortcode 'cookie-tabel' (no Templates/shortcodes/cookie-tabel.mustache; known: cookie-table)"])
    }

    @Test func unknownCategoryIsAnErrorAtTheArgument() throws {
        let site = try Self.site(["Content/p.md": page("title: P", "{{< cookie-table category=\"marketing\" >}}")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/p.md:4:18: error: no cookie category 'marketing' in Content/data/consent.yml (categories: essential, analytics)"])
    }

    @Test func malformedTagAndTagNotStandingAlone() throws {
        let site = try Self.site(["Content/p.md": page("title: P", "{{< cookie-table category=analytics >}}\n\nText\n{{< cookie-table >}}\n")])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == [
            "Content/p.md:4:1: error: malformed shortcode tag: write {{< name key=\"value\" >}} alone on its line",
            "Content/p.md:7:1: error: shortcode 'cookie-table' must stand alone, with a blank line before and after it",
        ])
    }

    @Test func cookieTableWithoutARegistry() throws {
        let site = try Self.site()
        try site.remove("Content/data/consent.yml")
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.first == "Content/legal/cookies.md:6:1: error: cookie-table needs the consent registry Content/data/consent.yml")
    }

    @Test func malformedDataFilesAreErrorsWithFileAndLine() throws {
        let site = try Self.site(["Content/data/consent.yml": """
            categories:
              - id: essential
                title: Essential
                required: yes please
                description: Always on.
                cookies:
                  - name: __session
                    provider: Clerk
                    lifetime: 1 minute
              - title: No id
                description: x
            """])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines.prefix(3) == [
            "Content/data/consent.yml:4:15: error: 'required' must be true or false",
            "Content/data/consent.yml:7:9: error: missing 'purpose'",
            "Content/data/consent.yml:10:5: error: missing 'id'",
        ])
        try site.write("Content/data/consent.yml", "categories:\n  - id: [essential\n")
        let syntax = try #require(site.buildFailure())
        #expect(syntax.lines.first?.hasPrefix("Content/data/consent.yml:2:9: error: invalid YAML:") == true)
    }

    @Test func choiceCookieSettingsAreReadAndChecked() throws {
        let site = try Self.site(["Content/data/consent.yml": Self.registry + "\nchoiceCookie:\n  monthsAfterConsent: 13\n  monthsAfterRefusal: 30\n"])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/data/consent.yml:21:23: error: 'monthsAfterRefusal' must be between 1 and 24"])
        try site.write("Content/data/consent.yml", Self.registry + "\nchoiceCookie:\n  name: ps_choice\n  monthsAfterConsent: 3\n")
        let registry = try ConsentRegistry.load(siteRoot: site.root)
        #expect(registry.choiceCookie.name == "ps_choice")
        #expect(registry.choiceCookie.monthsAfterConsent == 3)
        #expect(registry.choiceCookie.monthsAfterRefusal == 6)
    }

    @Test func subprocessorURLsMustBeHTTPS() throws {
        let site = try TemporarySite(["Content/data/subprocessors.yml": """
            subprocessors:
              - name: Clerk
                purpose: auth
                data: email
                location: US
                url: http://clerk.com
            """])
        let failure = try #require(site.buildFailure())
        #expect(failure.lines == ["Content/data/subprocessors.yml:6:10: error: url must be an https:// address"])
    }

    @Test func effectiveDateReachesTemplates() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "{{<base}}{{$main}}{{#page.effective}}<p>Effective <time datetime=\"{{iso}}\">{{display}}</time></p>{{/page.effective}}{{/main}}{{/base}}",
            "Content/terms.md": page("title: Terms\neffective: 2026-06-01"),
        ])
        try site.build()
        #expect(try site.read("terms/index.html").contains("<p>Effective <time datetime=\"2026-06-01\">June 1, 2026</time></p>"))
    }
}

@Suite("Banner configuration and well-known files")
struct BannerConfigurationTests {
    @Test func bannerConfigurationIsJSONFromTheRegistry() throws {
        let site = try DataAndShortcodeTests.site([
            "Templates/page.mustache": "{{<base}}{{$main}}<script type=\"application/json\" id=\"consent-config\">{{{data.consent.json}}}</script>{{/main}}{{/base}}",
            "Content/data/consent.yml": DataAndShortcodeTests.registry
                .replacingOccurrences(of: "title: Analytics", with: "title: Analytics </script><b>")
                .replacingOccurrences(of: "description: Opt-in.", with: "description: Opt-in.\n    googleConsentMode: [analytics_storage]"),
        ])
        try site.build()
        let html = try site.read("legal/cookies/index.html")
        let json = try #require(html.firstMatch(of: #/id="consent-config">(.*?)</script>/#)).1
        #expect(!json.contains("</script>"), "text cannot close the script element")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let registry = try ConsentRegistry.load(siteRoot: site.root)
        #expect(object["version"] as? String == registry.version)
        let categories = try #require(object["categories"] as? [[String: Any]])
        #expect(categories.map { $0["id"] as? String } == ["essential", "analytics"])
        #expect(categories.map { $0["required"] as? Bool } == [true, false])
        #expect(categories[1]["cookies"] as? [String] == ["ps_analytics_id"])
        #expect(categories[1]["title"] as? String == "Analytics </script><b>")
        #expect(categories.map { $0["googleConsentMode"] as? [String] } == [[], ["analytics_storage"]])
        #expect((object["cookie"] as? [String: Any])?["monthsAfterRefusal"] as? Int == 6)
    }

    @Test func googleConsentModeSignalsAreCheckedAndChangeTheVersion() throws {
        let plainSite = try DataAndShortcodeTests.site()
        let plain = try ConsentRegistry.load(siteRoot: plainSite.root)
        let mapped = try DataAndShortcodeTests.site([
            "Content/data/consent.yml": DataAndShortcodeTests.registry
                .replacingOccurrences(of: "description: Opt-in.", with: "description: Opt-in.\n    googleConsentMode: [analytics_storage]"),
        ])
        #expect(try ConsentRegistry.load(siteRoot: mapped.root).version != plain.version,
                "granting a Google signal changes what a visitor agrees to, so the banner must ask again")
        let wrong = try DataAndShortcodeTests.site([
            "Content/data/consent.yml": DataAndShortcodeTests.registry
                .replacingOccurrences(of: "description: Opt-in.", with: "description: Opt-in.\n    googleConsentMode: [analytics_storage, ads]"),
        ])
        let failure = try #require(throws: BuildFailure.self) { try wrong.build() }
        #expect(failure.lines.first?.hasPrefix("Content/data/consent.yml:14:44: error: unknown Google Consent Mode signal 'ads'") == true,
                "\(failure.lines)")
    }

    @Test func wellKnownFilesArePublishedThoughTheirFolderStartsWithADot() throws {
        let site = try TemporarySite(["public/.well-known/gpc.json": "{\"gpc\": true}\n", "public/.DS_Store": "junk"])
        try site.build()
        #expect(try site.read(".well-known/gpc.json") == "{\"gpc\": true}\n")
        #expect(!site.exists(".DS_Store"))
    }
}
