import CCmark
import Foundation
import PigmentModel

/// Renders a page body through libcmark and, while the document tree is at hand, puts in the GFM
/// pipe tables plain CommonMark does not know (`PipeTablePass`), gives headings their ids, builds
/// the table of contents, rewrites `.md` links to page URLs and records every link with its line
/// and column for the link check.
struct MarkdownRenderer: Sendable {
    var settings: SiteConfig.MarkdownSettings
    /// Turns a `.md` link target into the page URL it stands for.
    var markdownLinks: MarkdownLinkResolver
    /// Expands `{{< name >}}` tags into generated HTML (tables from data files).
    var shortcodes: ShortcodeExpander

    func render(body source: String, lineOffset: Int, file: SourceFile) -> RenderedMarkdown {
        let (body, calls, malformed) = ShortcodeSyntax.extract(from: source)
        var options = CMARK_OPT_DEFAULT
        if settings.allowRawHTML { options |= CMARK_OPT_UNSAFE }
        if settings.smartPunctuation { options |= CMARK_OPT_SMART }

        let document = body.withCString { cmark_parse_document($0, strlen($0), options) }!
        defer { cmark_node_free(document) }

        var tables = PipeTablePass(body: body, options: options)
        tables.run(on: document)
        var pass = DocumentPass(file: file, lineOffset: lineOffset, body: body, positions: tables.positions)
        for (line, column) in malformed {
            pass.diagnostics.append(.error("malformed shortcode tag: write {{< name key=\"value\" >}} alone on its line",
                                           at: file.location(line: line + lineOffset, column: column)))
        }
        pass.visit(document, allowRawHTML: settings.allowRawHTML, links: markdownLinks, shortcodes: calls)
        pass.warnAboutOmittedHTML()
        pass.warnAboutForeignTemplateSyntax()
        pass.expandShortcodes(calls, with: shortcodes)
        pass.giveHeadingsIDs(withAnchors: settings.headingAnchors)

        let rendered = cmark_render_html(document, options)!
        defer { free(rendered) }
        let html = String(cString: rendered)
        // A tag that did not stand in a paragraph of its own (inside a list item's text, say) was not expanded.
        var expanded = [Bool](repeating: false, count: calls.count)
        for (_, index) in pass.shortcodeParagraphs { expanded[index] = true }
        for (index, call) in calls.enumerated() where !expanded[index] {
            pass.diagnostics.append(.error("shortcode '\(call.name)' must stand alone, with a blank line before and after it",
                                           at: file.location(line: call.line + lineOffset, column: call.column)))
        }
        return RenderedMarkdown(
            html: html,
            tableOfContents: pass.tableOfContents(),
            links: pass.links,
            diagnostics: pass.diagnostics,
            lacksGeneratedBlocks: pass.lacksGeneratedBlocks
        )
    }
}

/// One walk over a cmark document tree.
private struct DocumentPass {
    let file: SourceFile
    let lineOffset: Int
    let body: String
    /// The body's lines, split only for a page that may hold Liquid or template syntax.
    private lazy var lines: [Substring] = body.split(separator: "\n", omittingEmptySubsequences: false)
    /// Whether the body may hold Liquid or template syntax (`{%`, `{{`), and the lines of its code blocks, where that is fine.
    private let hasTemplateBraces: Bool
    private var codeBlockLines: [ClosedRange<Int>] = []
    /// Body positions of nodes that libcmark parsed from a table's text (see `PipeTablePass`).
    let positions: [OpaquePointer: BodyPosition]
    var headings: [(node: OpaquePointer, level: Int, text: String)] = []
    /// Paragraphs that hold nothing but a shortcode token, by call index.
    var shortcodeParagraphs: [(node: OpaquePointer, call: Int)] = []
    var links: [LinkReference] = []
    var diagnostics: [Diagnostic] = []
    /// Whether a shortcode was left out because its data file failed.
    var lacksGeneratedBlocks = false
    private var ids = HeadingIDs()
    private var assignedIDs: [String] = []
    /// Raw HTML elements dropped (unsafe is off), and where the first one was.
    private var omittedHTML: (count: Int, first: SourceLocation)?
    private let byteColumns: ByteColumns

    init(file: SourceFile, lineOffset: Int, body: String, positions: [OpaquePointer: BodyPosition]) {
        self.file = file
        self.lineOffset = lineOffset
        self.body = body
        self.positions = positions
        self.hasTemplateBraces = body.containsBytes("{%") || body.containsBytes("{{")
        self.byteColumns = ByteColumns(body)
    }

    func location(of node: OpaquePointer) -> SourceLocation {
        // Nodes parsed from a table's cells carry their place in the body; libcmark's is in the cell.
        if let position = positions[node] { return location(line: position.line, byteColumn: position.column) }
        return location(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
    }

    /// The one place a libcmark position (a body line and a UTF-8 byte column) becomes a location in characters.
    func location(line: Int, byteColumn: Int) -> SourceLocation {
        file.location(line: line + lineOffset, column: byteColumns.characterColumn(line: line, byteColumn: max(1, byteColumn)))
    }

    mutating func visit(_ document: OpaquePointer, allowRawHTML: Bool, links resolver: MarkdownLinkResolver, shortcodes calls: [ShortcodeCall]) {
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                headings.append((node, Int(cmark_node_get_heading_level(node)), Self.plainText(of: node)))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                recordLink(node, resolver: resolver)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if allowRawHTML { recordRawHTMLLinks(node) } else { countRawHTMLOmitted(node) }
            case CMARK_NODE_CODE_BLOCK where hasTemplateBraces:
                codeBlockLines.append(Int(cmark_node_get_start_line(node))...Int(cmark_node_get_end_line(node)))
            case CMARK_NODE_PARAGRAPH:
                if !calls.isEmpty, let call = Self.shortcodeCall(in: node, calls: calls) { shortcodeParagraphs.append((node, call)) }
            default:
                break
            }
        }
    }

    /// A link's URL, rewritten when it names a `.md` file, and kept for the link check.
    private mutating func recordLink(_ node: OpaquePointer, resolver: MarkdownLinkResolver) {
        guard let raw = cmark_node_get_url(node) else { return }
        let written = String(cString: raw)
        let location = location(of: node)
        var url = written
        switch resolver.resolve(written, from: file.contentPath) {
        case .notMarkdown: break
        case .page(let pageURL):
            url = pageURL
            cmark_node_set_url(node, pageURL)
        case .missing(let message):
            diagnostics.append(.error(message, at: location))
            links.append(LinkReference(url: written, written: written, location: location, needsCheck: false))
            return
        }
        links.append(LinkReference(url: url, written: written, location: location))
    }

    /// `href` and `src` values inside raw HTML are links too; they are checked like Markdown ones.
    private mutating func recordRawHTMLLinks(_ node: OpaquePointer) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let html = String(cString: literal)
        let line = Int(cmark_node_get_start_line(node))
        let column = Int(cmark_node_get_start_column(node))
        for attribute in HTMLAttributeScanner.values(of: ["href", "src"], in: html) {
            let byteColumn = attribute.line == 0 ? column + attribute.column : attribute.column + 1
            links.append(LinkReference(url: attribute.value, written: attribute.value,
                                       location: location(line: line + attribute.line, byteColumn: byteColumn)))
        }
    }

    /// Counts what libcmark drops, for one warning per page at the first element (see `warnAboutOmittedHTML`).
    private mutating func countRawHTMLOmitted(_ node: OpaquePointer) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let count = RawHTMLElements.count(in: String(cString: literal))
        guard count > 0 else { return }
        if omittedHTML == nil { omittedHTML = (0, location(of: node)) }
        omittedHTML?.count += count
    }

    mutating func warnAboutOmittedHTML() {
        guard let (count, first) = omittedHTML else { return }
        let what = count == 1 ? "1 element" : "\(count) elements, the first at line \(first.line)"
        diagnostics.append(.warning("raw HTML is omitted from the page: \(what); allow it with 'markdown: {unsafe: true}' in Content/site.yml",
                                    at: first))
    }

    /// `{% data x %}` and `{{ site.title }}` outside code reach readers as they are: say so where they stand.
    mutating func warnAboutForeignTemplateSyntax() {
        guard hasTemplateBraces else { return }
        for (index, line) in lines.enumerated() where !codeBlockLines.contains(where: { $0.contains(index + 1) }) {
            for found in ForeignTemplateSyntax.find(in: line) {
                diagnostics.append(.warning(ForeignTemplateSyntax.message(for: found),
                                            at: file.location(line: index + 1 + lineOffset, column: found.column)))
            }
        }
    }

    /// The call index when the paragraph is exactly the token its call left, on the call's own line.
    /// Text that merely reads like a token (typed, or spelt with entities) stands on another line, and stays text.
    static func shortcodeCall(in paragraph: OpaquePointer, calls: [ShortcodeCall]) -> Int? {
        guard let child = cmark_node_first_child(paragraph), cmark_node_next(child) == nil,
              cmark_node_get_type(child) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(child),
              let index = ShortcodeSyntax.callIndex(ofToken: String(cString: literal)), calls.indices.contains(index),
              calls[index].line == Int(cmark_node_get_start_line(paragraph)) else { return nil }
        return index
    }

    /// Puts each shortcode's HTML where its paragraph was; a custom block writes it out verbatim,
    /// whatever the raw-HTML setting, since it comes from our templates and not from the writer.
    mutating func expandShortcodes(_ calls: [ShortcodeCall], with expander: ShortcodeExpander) {
        for (paragraph, index) in shortcodeParagraphs {
            let call = calls[index]
            let location = file.location(line: call.line + lineOffset, column: call.column)
            switch expander.expand(call) {
            case .failure(let message, let argument):
                var at = location
                if let argument, let column = call.argumentColumns[argument] { at.column = column }
                diagnostics.append(.error(message, at: at))
                cmark_node_unlink(paragraph)
                cmark_node_free(paragraph)
            case .dataFileFailed:
                lacksGeneratedBlocks = true
                cmark_node_unlink(paragraph)
                cmark_node_free(paragraph)
            case .html(let html):
                let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
                cmark_node_set_on_enter(block, html.trimmingCharacters(in: .newlines))
                cmark_node_replace(paragraph, block)
                cmark_node_free(paragraph)
                for attribute in HTMLAttributeScanner.values(of: ["href", "src"], in: html) {
                    links.append(LinkReference(url: attribute.value, written: attribute.value, location: location))
                }
            }
        }
    }

    /// Replaces each heading with one that carries its id: a custom inline node writes
    /// `<hN id="…">` and `</hN>` around the heading's own inline content.
    mutating func giveHeadingsIDs(withAnchors anchors: Bool) {
        for heading in headings {
            let id = ids.claim(for: heading.text)
            assignedIDs.append(id)
            let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            cmark_node_set_on_enter(inline, "<h\(heading.level) id=\"\(id.htmlEscaped)\">")
            // The anchor's visible text is only a mark; its name says where it leads.
            let anchor = anchors && (2...4).contains(heading.level)
                ? " <a class=\"heading-anchor\" href=\"#\(id.htmlEscaped)\" aria-label=\"Link to section: \(heading.text.htmlEscaped)\">#</a>"
                : ""
            cmark_node_set_on_exit(inline, "\(anchor)</h\(heading.level)>")
            while let child = cmark_node_first_child(heading.node) {
                cmark_node_unlink(child)
                cmark_node_append_child(inline, child)
            }
            cmark_node_append_child(block, inline)
            cmark_node_replace(heading.node, block)
            cmark_node_free(heading.node)
        }
    }

    func tableOfContents() -> [TableOfContentsEntry] {
        var entries: [TableOfContentsEntry] = []
        for (heading, id) in zip(headings, assignedIDs) {
            let entry = TableOfContentsEntry(id: id, title: heading.text, level: heading.level, children: [])
            if heading.level == 2 {
                entries.append(entry)
            } else if heading.level == 3 {
                if entries.isEmpty { entries.append(entry) } else { entries[entries.count - 1].children.append(entry) }
            }
        }
        return entries
    }

    /// The text a reader sees in a heading, without markup.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }
}
