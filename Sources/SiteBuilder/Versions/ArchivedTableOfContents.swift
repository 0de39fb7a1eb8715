/// The table of contents of a released version, read back from its HTML: the archive keeps the
/// rendered page, not its Markdown, so the headings there (with the ids they were published with)
/// are the only source. The same entries the live page shows: each `h2` with an id, its `h3`s
/// under it (an `h3` before any `h2` stands on its own), as `MarkdownRenderer` makes them.
enum ArchivedTableOfContents {
    static func entries(in html: String) -> [TableOfContentsEntry] {
        var entries: [TableOfContentsEntry] = []
        var rest = Substring(html)
        // Each step moves past one `<h2`/`<h3`; a close that was not found is not searched for again
        // (none follows a later heading either), so a page of unclosed headings stays one pass.
        var unclosedLevels: Set<Int> = []
        while let open = rest.range(of: "<h") {
            rest = rest[open.upperBound...]
            guard let level = rest.first.flatMap({ $0.wholeNumberValue }), level == 2 || level == 3,
                  !unclosedLevels.contains(level) else { continue }
            // A heading's opening tag is short: looking no further keeps a page of `<h2 ` without `>` linear.
            guard let tagEnd = rest.prefix(Self.longestOpeningTag).firstIndex(of: ">") else { continue }
            let attributes = rest[rest.index(after: rest.startIndex)..<tagEnd]
            guard attributes.first?.isWhitespace == true, let id = Self.id(in: attributes) else { continue }
            guard let close = rest[tagEnd...].range(of: "</h\(level)>") else {
                unclosedLevels.insert(level)
                continue
            }
            let inner = String(rest[rest.index(after: tagEnd)..<close.lowerBound])
            rest = rest[close.upperBound...]
            let withoutAnchor = HTMLSpans.removing(from: #"<a class="heading-anchor""#, to: "</a>", in: inner)
            let entry = TableOfContentsEntry(id: id, title: HTMLDiff.plainText(withoutAnchor), level: level, children: [])
            if level == 2 || entries.isEmpty {
                entries.append(entry)
            } else {
                entries[entries.count - 1].children.append(entry)
            }
        }
        return entries
    }

    static let longestOpeningTag = 1_024

    /// The value of ` id="…"` among a tag's attributes, entities decoded as a template will escape it again.
    private static func id(in attributes: Substring) -> String? {
        guard let start = attributes.range(of: #" id=""#),
              let end = attributes[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return HTMLDiff.plainText(String(attributes[start.upperBound..<end]))
    }
}
