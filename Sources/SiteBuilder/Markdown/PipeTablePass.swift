import CCmark
import Foundation

/// Where a node parsed from a table's text stands in the page body (1-based line and byte column).
struct BodyPosition: Hashable {
    var line: Int
    var column: Int
}

/// Gives a libcmark document the GFM pipe tables plain CommonMark reads as paragraphs of pipes.
///
/// A table lives in a paragraph (CommonMark takes its lines as one paragraph), so the pass reads
/// each paragraph of two lines or more from the page's own lines, finds a header row followed by
/// a delimiter row with as many cells, and puts custom table nodes in the paragraph's place. The
/// text of the cells, and the paragraph's lines before and after the table, go back through
/// libcmark in one parse per page, so inline Markdown, smart punctuation and the raw-HTML setting
/// apply to them as to any other text, and the link walk that follows sees their links.
struct PipeTablePass {
    let body: String
    let options: Int32
    /// Where the links, images and raw HTML parsed from table text stand in the body: libcmark's
    /// positions for them are in the text it was given, not in the page.
    private(set) var positions: [OpaquePointer: BodyPosition] = [:]

    init(body: String, options: Int32) {
        self.body = body
        self.options = options
    }

    mutating func run(on document: OpaquePointer) {
        // A delimiter row has a pipe, or (a one-column table) a colon beside a dash.
        guard body.containsBytes("|") || body.containsBytes(":-") || body.containsBytes("-:") else { return }
        let paragraphs = Self.paragraphsOfSeveralLines(in: document)
        guard !paragraphs.isEmpty else { return }
        let lines = Self.lines(of: body)
        var batch = FragmentBatch()
        var plans: [TablePlan] = []
        for paragraph in paragraphs {
            if let plan = plan(for: paragraph, lines: lines, batch: &batch) { plans.append(plan) }
        }
        guard !plans.isEmpty else { return }
        let parsed = batch.parse(options: options, page: body)
        defer { cmark_node_free(parsed.document) }
        for (index, nodes) in parsed.nodes.enumerated() {
            for node in nodes { record(positionsIn: node, fragment: batch.fragments[index]) }
        }
        for plan in plans { build(plan, parsed: parsed.nodes) }
    }

    // MARK: Finding tables

    /// One line of a paragraph, freed of its containers' prefixes.
    struct SourceLine {
        /// After the prefixes, with the line's indentation.
        var raw: Substring
        /// `raw` without its indentation.
        var text: Substring
        /// Body line, 1-based.
        var line: Int
        /// Byte column of `raw`'s first byte, 1-based.
        var rawColumn: Int
        var textColumn: Int { rawColumn + raw.utf8.count - text.utf8.count }
        /// Columns of indentation (a tab counts four).
        var indent: Int
        /// For a lazy continuation line, the first container whose prefix (a block quote's `>`, a
        /// list item's indentation) is missing.
        var unmatchedContainer: Int?
        var lazy: Bool { unmatchedContainer != nil }
    }

    struct TablePlan {
        var paragraph: OpaquePointer
        var alignments: [PipeTable.Alignment?]
        /// Fragments: the paragraph's lines before the header, each row's cells (header first,
        /// nil for an empty cell), and the lines after the table.
        var before: Int?
        var rows: [[Int?]]
        var after: Int?
        /// The node the lines after the table follow, when not the table (see lazy lines).
        var afterNode: OpaquePointer?
    }

    private func plan(for paragraph: OpaquePointer, lines: [Substring], batch: inout FragmentBatch) -> TablePlan? {
        let first = Int(cmark_node_get_start_line(paragraph))
        var last = min(Int(cmark_node_get_end_line(paragraph)), lines.count)
        guard first >= 1, last > first else { return nil }
        let isHeading = cmark_node_get_type(paragraph) == CMARK_NODE_HEADING
        let containers = Self.containers(of: paragraph)
        var source: [SourceLine] = []
        source.reserveCapacity(last - first + 1)
        for line in first...last {
            let sourceLine = line == first
                ? Self.firstLine(lines[line - 1], line: line, column: Int(cmark_node_get_start_column(paragraph)))
                : Self.continuationLine(lines[line - 1], line: line, containers: containers[...])
            source.append(sourceLine)
            // libcmark ends a setext heading on the line after its underline.
            if isHeading, line > first, !sourceLine.lazy, PipeTable.isSetextUnderline(sourceLine.text, indent: sourceLine.indent) {
                last = line
                break
            }
        }
        // The first delimiter row decides: a header with another cell count spoils the paragraph
        // for tables, as in cmark-gfm. A delimiter row is never lazy nor indented as code, nor
        // shaped like a setext underline (`--`), which cmark-gfm reads as one first.
        guard let delimiter = source.indices.dropFirst().first(where: { index in
            let line = source[index]
            return !line.lazy && line.indent < 4 && !PipeTable.isSetextUnderline(line.text, indent: line.indent)
                && PipeTable.alignments(ofDelimiterRow: line.text) != nil
        }) else { return nil }
        let alignments = PipeTable.alignments(ofDelimiterRow: source[delimiter].text)!
        let header = PipeTable.cells(of: source[delimiter - 1].text)
        guard header.count == alignments.count else { return nil }

        // Body rows run to the paragraph's end, or to a line that is no row: one that would open a
        // block after a table, a lazy continuation line, a lone `|`.
        var end = delimiter + 1
        while end < source.count, !source[end].lazy, !PipeTable.opensBlockAfterTable(source[end].text, indent: source[end].indent),
              !PipeTable.cells(of: source[end].text).isEmpty {
            end += 1
        }
        var plan = TablePlan(paragraph: paragraph, alignments: alignments, before: nil, rows: [], after: nil)
        if delimiter > 1 { plan.before = batch.add(.lines(Array(source[..<(delimiter - 1)]))) }
        let rowLines = [source[delimiter - 1]] + source[(delimiter + 1)..<end]
        for (index, row) in rowLines.enumerated() {
            let cells = index == 0 ? header : PipeTable.cells(of: row.text)
            // Short rows get empty cells, long ones lose the cells past the header's.
            plan.rows.append((0..<alignments.count).map { column in
                column < cells.count && !cells[column].text.isEmpty ? batch.add(.cell(row, cells[column])) : nil
            })
        }
        if end < source.count, let unmatched = source[end].unmatchedContainer {
            // A lazy line leaves the containers it does not continue: it and the lines after it
            // follow the first of those (or its list), read with only the outer prefixes taken off.
            let outer = containers[..<unmatched]
            plan.after = batch.add(.lines((first + end...last).map { Self.continuationLine(lines[$0 - 1], line: $0, containers: outer) }))
            let left = containers[unmatched]
            plan.afterNode = cmark_node_get_type(left) == CMARK_NODE_ITEM ? cmark_node_parent(left) : left
        } else if end < source.count {
            plan.after = batch.add(.lines(Array(source[end...])))
        }
        return plan
    }

    /// Paragraphs whose source spans two lines or more, the only ones that can hold a table, and
    /// setext headings: under a table, `---` is a thematic break and `===` a row, not an underline
    /// that makes the lines above it a heading. (An ATX heading is one line.)
    private static func paragraphsOfSeveralLines(in document: OpaquePointer) -> [OpaquePointer] {
        var paragraphs: [OpaquePointer] = []
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH || cmark_node_get_type(node) == CMARK_NODE_HEADING,
                  cmark_node_get_end_line(node) > cmark_node_get_start_line(node) else { continue }
            paragraphs.append(node)
        }
        return paragraphs
    }

    /// The body's lines, without their line endings (`\n` or `\r\n`).
    private static func lines(of body: String) -> [Substring] {
        body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            let text = Substring(line)
            return text.utf8.last == UInt8(ascii: "\r") ? Substring(text.utf8.dropLast()) : text
        }
    }

    /// The block quotes and list items around a node, outermost first.
    private static func containers(of node: OpaquePointer) -> [OpaquePointer] {
        var containers: [OpaquePointer] = []
        var parent = cmark_node_parent(node)
        while let container = parent {
            let type = cmark_node_get_type(container)
            if type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM { containers.append(container) }
            parent = cmark_node_parent(container)
        }
        return containers.reversed()
    }

    /// A paragraph's first line starts where libcmark says the paragraph does.
    private static func firstLine(_ line: Substring, line number: Int, column: Int) -> SourceLine {
        let raw = Substring(line.utf8.dropFirst(max(0, column - 1)))
        return SourceLine(raw: raw, text: raw, line: number, rawColumn: column, indent: 0, unmatchedContainer: nil)
    }

    /// A continuation line, after each container's prefix: `>` and one space for a block quote,
    /// the item's content indentation for a list item.
    private static func continuationLine(_ line: Substring, line number: Int, containers: ArraySlice<OpaquePointer>) -> SourceLine {
        let bytes = line.utf8
        var index = bytes.startIndex
        var unmatched: Int?
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        for (position, container) in zip(containers.indices, containers) where unmatched == nil {
            if cmark_node_get_type(container) == CMARK_NODE_BLOCK_QUOTE {
                var spaces = 0
                while spaces < 3, index < bytes.endIndex, bytes[index] == 0x20 { index = bytes.index(after: index); spaces += 1 }
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: ">") {
                    index = bytes.index(after: index)
                    if index < bytes.endIndex, isBlank(bytes[index]) { index = bytes.index(after: index) }
                } else {
                    unmatched = position
                }
            } else {
                // The item's content starts where its first block does.
                let content = Int(cmark_node_get_start_column(cmark_node_first_child(container) ?? container)) - 1
                while bytes.distance(from: bytes.startIndex, to: index) < content, index < bytes.endIndex, isBlank(bytes[index]) {
                    index = bytes.index(after: index)
                }
                if bytes.distance(from: bytes.startIndex, to: index) < content, index < bytes.endIndex { unmatched = position }
            }
        }
        let raw = Substring(bytes[index...])
        var indent = 0
        var textStart = index
        while textStart < bytes.endIndex, isBlank(bytes[textStart]) {
            indent += bytes[textStart] == 0x09 ? 4 : 1
            textStart = bytes.index(after: textStart)
        }
        return SourceLine(raw: raw, text: Substring(bytes[textStart...]), line: number,
                          rawColumn: bytes.distance(from: bytes.startIndex, to: index) + 1, indent: indent, unmatchedContainer: unmatched)
    }

    // MARK: Positions and nodes

    /// Notes where the links, images and raw HTML under `node` stand in the body.
    private mutating func record(positionsIn node: OpaquePointer, fragment: FragmentBatch.Fragment) {
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
                positions[child] = fragment.bodyPosition(line: Int(cmark_node_get_start_line(child)),
                                                         column: Int(cmark_node_get_start_column(child)))
            default:
                break
            }
        }
    }

    /// Puts the plan's nodes where its paragraph was.
    private func build(_ plan: TablePlan, parsed: [[OpaquePointer]]) {
        let paragraph = plan.paragraph
        if let before = plan.before {
            for node in parsed[before] { cmark_node_unlink(node); cmark_node_insert_before(paragraph, node) }
        }
        // A box of its own that scrolls sideways, so a wide table never widens the page on a phone.
        let table = Self.customBlock("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n<table>", "</table>\n</div>")
        for (section, rows) in [("thead", plan.rows.prefix(1)), ("tbody", plan.rows.dropFirst())] where !rows.isEmpty {
            let group = Self.customBlock("<\(section)>", "</\(section)>")
            for row in rows {
                let tableRow = Self.customBlock("<tr>", "</tr>")
                for (cell, alignment) in zip(row, plan.alignments) {
                    let tag = section == "thead" ? "th" : "td"
                    let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                    cmark_node_set_on_enter(node, alignment.map { "<\(tag) align=\"\($0)\">" } ?? "<\(tag)>")
                    cmark_node_set_on_exit(node, "</\(tag)>\n")
                    if let cell { Self.moveInlines(of: parsed[cell], into: node) }
                    cmark_node_append_child(tableRow, node)
                }
                cmark_node_append_child(group, tableRow)
            }
            cmark_node_append_child(table, group)
        }
        cmark_node_insert_before(paragraph, table)
        if let after = plan.after {
            if var previous = plan.afterNode {
                for node in parsed[after] { cmark_node_unlink(node); cmark_node_insert_after(previous, node); previous = node }
            } else {
                for node in parsed[after] { cmark_node_unlink(node); cmark_node_insert_before(paragraph, node) }
            }
        }
        cmark_node_unlink(paragraph)
        cmark_node_free(paragraph)
    }

    private static func customBlock(_ onEnter: String, _ onExit: String) -> OpaquePointer {
        let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(node, onEnter)
        cmark_node_set_on_exit(node, onExit)
        return node
    }

    /// A cell's text was parsed as a paragraph led by a no-break space (see `FragmentBatch`),
    /// which is taken off again.
    private static func moveInlines(of nodes: [OpaquePointer], into cell: OpaquePointer) {
        guard let paragraph = nodes.first, cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return }
        if let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
           let literal = cmark_node_get_literal(first) {
            let text = String(cString: literal)
            if text.hasPrefix(FragmentBatch.cellLead) {
                let rest = String(decoding: text.utf8.dropFirst(FragmentBatch.cellLead.utf8.count), as: UTF8.self)
                if rest.isEmpty { cmark_node_unlink(first); cmark_node_free(first) } else { cmark_node_set_literal(first, rest) }
            }
        }
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            cmark_node_append_child(cell, child)
        }
    }
}

extension PipeTable.Alignment: CustomStringConvertible {
    var description: String {
        switch self {
        case .left: "left"
        case .center: "center"
        case .right: "right"
        }
    }
}
