import Foundation
import PigmentModel
import Yams

/// `Content/site.yml`: what every page shares.
public struct SiteConfig: Sendable, Hashable {
    public struct Link: Sendable, Hashable {
        public var title: String
        public var url: String
        public var location: SourceLocation
    }

    public struct MarkdownSettings: Sendable, Hashable {
        /// Pass raw HTML through; off by default so pasted HTML cannot slip into a page unnoticed.
        public var allowRawHTML = false
        /// Curly quotes, en and em dashes.
        public var smartPunctuation = true
        /// A `#` link after each h2–h4 heading text, so readers can copy a link to a section.
        public var headingAnchors = false
    }

    public var title = "Untitled site"
    public var description: String?
    /// Absolute URL with a trailing slash: `https://pigmentstudio.com/`.
    public var baseURL: String?
    public var language = "en"
    public var navigation: [Link] = []
    public var footer: [Link] = []
    public var markdown = MarkdownSettings()
    /// Sections that get an Atom feed.
    public var feeds: [String] = ["blog"]
    public var params: [String: TemplateValue] = [:]
    /// The consent API's origin when it is not the site's own (`consent: {endpoint: https://consent.example.com}`):
    /// the banner and the no-JavaScript forms post there. Nil: `/api/consent` on the site's origin.
    public var consentEndpoint: String?

    public init() {}

    static let fileName = "site.yml"

    /// Reads `site.yml` if it exists; a site without one gets the defaults.
    static func load(from url: URL, displayPath: String) -> (SiteConfig, [Diagnostic]) {
        guard FileManager.default.fileExists(atPath: url.path) else { return (SiteConfig(), []) }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            return (SiteConfig(), [.error("cannot read file: \(ContentLoader.reason(error))", at: SourceLocation(file: displayPath))])
        }
        switch YAMLDocument.parseMapping(text, displayPath: displayPath, lineOffset: 0) {
        case .failure(let diagnostic): return (SiteConfig(), [diagnostic])
        case .success(let mapping): return read(mapping, displayPath: displayPath, text: text)
        }
    }

    private static func read(_ mapping: Node.Mapping, displayPath: String, text: String) -> (SiteConfig, [Diagnostic]) {
        var reader = FieldReader(mapping, displayPath: displayPath, lineOffset: 0, sourceText: text)
        var config = SiteConfig()
        var diagnostics: [Diagnostic] = []
        if let (title, _) = reader.string("title") { config.title = title }
        config.description = reader.string("description")?.0
        if let (language, _) = reader.string("language") { config.language = language }
        if let (base, node) = reader.string("baseURL") {
            if let normalized = normalizeBaseURL(base) { config.baseURL = normalized }
            else { diagnostics.append(.error("baseURL must be an absolute http(s) URL like https://example.com/", at: reader.location(of: node))) }
        }
        config.navigation = links("navigation", &reader, &diagnostics)
        config.footer = links("footer", &reader, &diagnostics)
        if let markdown = reader.node("markdown") {
            if let settings = markdown.mapping {
                var inner = FieldReader(settings, displayPath: displayPath, lineOffset: 0, sourceText: text)
                if let unsafe = inner.bool("unsafe") { config.markdown.allowRawHTML = unsafe }
                if let smart = inner.bool("smartPunctuation") { config.markdown.smartPunctuation = smart }
                if let anchors = inner.bool("headingAnchors") { config.markdown.headingAnchors = anchors }
                for (key, node) in inner.remaining() {
                    diagnostics.append(.error("unknown Markdown setting '\(key)' (known: unsafe, smartPunctuation, headingAnchors)", at: inner.location(of: node)))
                }
                diagnostics += inner.diagnostics
            } else {
                diagnostics.append(.error("'markdown' must be a mapping", at: reader.location(of: markdown)))
            }
        }
        if let consent = reader.node("consent") {
            if let settings = consent.mapping {
                var inner = FieldReader(settings, displayPath: displayPath, lineOffset: 0, sourceText: text)
                if let (endpoint, node) = inner.string("endpoint"), !endpoint.isEmpty {
                    do { config.consentEndpoint = try WebOrigin(parsing: endpoint, allowingTrailingSlash: true).description }
                    catch { diagnostics.append(.error("consent.endpoint must be the consent API's origin, an absolute http(s) URL without a path: \(error.reason)", at: inner.location(of: node))) }
                }
                for (key, node) in inner.remaining() {
                    diagnostics.append(.error("unknown consent setting '\(key)' (known: endpoint)", at: inner.location(of: node)))
                }
                diagnostics += inner.diagnostics
            } else {
                diagnostics.append(.error("'consent' must be a mapping", at: reader.location(of: consent)))
            }
        }
        if reader.node("feeds") != nil { config.feeds = reader.strings("feeds").map(\.0) }
        if let params = reader.node("params") {
            if case .map(let values) = TemplateValue(params) { config.params = values }
            else { diagnostics.append(.error("'params' must be a mapping", at: reader.location(of: params))) }
        }
        for (key, node) in reader.remaining() {
            diagnostics.append(.warning("unknown site setting '\(key)' is ignored", at: reader.location(of: node)))
        }
        return (config, reader.diagnostics + diagnostics)
    }

    /// `title` and `url` pairs, as in `navigation:` and `footer:`.
    private static func links(_ key: String, _ reader: inout FieldReader, _ diagnostics: inout [Diagnostic]) -> [Link] {
        guard let node = reader.node(key) else { return [] }
        guard let items = node.sequence else {
            diagnostics.append(.error("'\(key)' must be a list of title and url pairs", at: reader.location(of: node)))
            return []
        }
        var links: [Link] = []
        for item in items {
            guard let title = item["title"]?.scalar?.string, let url = item["url"]?.scalar?.string else {
                diagnostics.append(.error("each '\(key)' entry needs a 'title' and a 'url'", at: reader.location(of: item)))
                continue
            }
            links.append(Link(title: title, url: url, location: reader.location(of: item["url"]!)))
        }
        return links
    }

    /// Adds the trailing slash every URL join relies on; nil when not an absolute http(s) URL.
    static func normalizeBaseURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }
}
