import Foundation
import Testing
@testable import SiteBuilder

/// `{{value}}` is escaped by our own byte-level escaper (registered with Mustache as a content type,
/// see `TemplateEscaping`), so these pin what Mustache's own HTML escaping did.
@Suite("Template escaping")
struct TemplateEscapingTests {
    @Test func doubleBracesEscapeTheFiveHTMLCharactersAndTripleBracesDoNot() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "<h1>{{page.title}}</h1><p title=\"{{page.title}}\">{{{page.title}}}</p>",
            "Content/a.md": "---\ntitle: 'Tom & \"Jerry\" <b>''s café — ü'\n---\nBody\n",
        ])
        try site.build()
        let html = try site.read("a/index.html")
        let escaped = "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s café — ü"
        #expect(html == "<h1>\(escaped)</h1><p title=\"\(escaped)\">Tom & \"Jerry\" <b>'s café — ü</p>")
    }

    @Test func theEscapingPragmaLeavesNoTraceInTheOutput() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "\n\n  {{page.title}}\n{{! a comment line }}\nend\n",
            "Content/a.md": "---\ntitle: A\n---\n",
        ])
        try site.build()
        #expect(try site.read("a/index.html") == "\n\n  A\nend\n")
    }

    @Test func aTemplateCanSwitchToJSONStringEscapingForTheRestOfItself() throws {
        let site = try TemporarySite([
            "Templates/page.mustache": "<p>{{page.title}}</p>{{>partials/ld}}<p>{{page.title}}</p>",
            "Templates/partials/ld.mustache": "{{% CONTENT_TYPE: PIGMENT_JSON }}\n<script>{\"t\": \"{{page.title}}\"}</script>",
            "Content/a.md": "---\ntitle: '</script> \\ \"q\" & ''s'\n---\n",
        ])
        try site.build()
        let html = try site.read("a/index.html")
        let json = #"<script>{"t": "\u003c/script\u003e \\ \"q\" \u0026 's"}</script>"#
        let escaped = "&lt;/script&gt; \\ &quot;q&quot; &amp; &#39;s"
        #expect(html == "<p>\(escaped)</p>\(json)<p>\(escaped)</p>", "the switch ends with the partial")
    }

    @Test func jsonEscapingTurnsControlCharactersAndLineSeparatorsIntoEscapes() {
        #expect(JSONTemplateEscaping().escapeText("a\u{01}b\nc\u{2028}d") == #"a\u0001b\nc\u2028d"#)
    }

    @Test func escapingKeepsEveryOtherByte() {
        #expect("plain text, ünïcödé, emoji 🎨".htmlEscaped == "plain text, ünïcödé, emoji 🎨")
        #expect("".htmlEscaped == "")
        #expect("<<&&>>".htmlEscaped == "&lt;&lt;&amp;&amp;&gt;&gt;")
        #expect("a\"b'c🎨&".htmlEscaped == "a&quot;b&#39;c🎨&amp;")
    }
}
