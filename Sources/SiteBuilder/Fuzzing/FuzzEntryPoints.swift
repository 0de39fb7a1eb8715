import Foundation
import PigmentModel
import Yams

/// Narrow doors for the fuzz targets (`Sources/FuzzTargets`) into what a build does with a page's text.
/// `package`, not `public`: they are for this repository's fuzzing and its regression test only.
package enum SiteBuilderFuzzing {
    /// A page file's text read as a build reads it: front matter split, parsed (fast reader, else Yams)
    /// and typed into `PageMetadata`. Returns whether a page came out, and the diagnostics.
    package static func readPage(_ text: String, contentPath: String) -> (readable: Bool, diagnostics: [Diagnostic]) {
        let (page, diagnostics) = PageReader.read(SourceFile(contentPath: contentPath, displayPath: "Content/\(contentPath)", text: text))
        return (page != nil, diagnostics)
    }

    /// The YAML between a page's fences, or nil when the file has no closed front matter.
    package static func frontMatterYAML(of text: String) -> String? {
        guard case .success(let split) = FrontMatter.split(SourceFile(contentPath: "", displayPath: "", text: text)) else { return nil }
        return split.yaml
    }

    /// The fast front-matter reader alone: nil when it leaves the YAML to Yams.
    package static func plainFrontMatter(_ yaml: String) -> Node.Mapping? {
        PlainFrontMatter.parse(yaml)
    }

    /// A page body rendered as a build renders it: shortcode tags found and expanded through the site's
    /// own `Templates/shortcodes/` and data files, headings given ids, links recorded.
    package struct PageRenderer: Sendable {
        private let renderer: MarkdownRenderer

        /// `siteRoot` holds `Templates/` and `Content/data/`; `links` maps content paths to page URLs for `.md` links.
        package init(siteRoot: URL, links: [String: String], allowRawHTML: Bool) {
            let (templates, _) = TemplateSet.load(from: siteRoot.appendingPathComponent("Templates"), displayPrefix: "Templates")
            let (data, _) = SiteData.load(from: siteRoot.appendingPathComponent("Content/data"), displayPrefix: "Content/data")
            var settings = SiteConfig.MarkdownSettings()
            settings.allowRawHTML = allowRawHTML
            settings.headingAnchors = true
            renderer = MarkdownRenderer(settings: settings, markdownLinks: MarkdownLinkResolver(.init(
                published: links.sorted(by: { $0.key < $1.key }).map { .init(contentPath: $0.key, answer: $0.value) }, excluded: [])),
                                        shortcodes: ShortcodeExpander(templates: templates, data: data))
        }

        /// Whether the site's templates and data files gave shortcodes to expand (a fuzz target without them tests little).
        package var knowsShortcodes: Bool {
            renderer.shortcodes.templates.has("shortcodes/cookie-table") && renderer.shortcodes.data.consent != nil
        }

        package func render(body: String, contentPath: String) -> RenderedMarkdown {
            renderer.render(body: body, lineOffset: 0, file: SourceFile(contentPath: contentPath, displayPath: "Content/\(contentPath)", text: ""))
        }
    }
}
