import CCmark
import Foundation

/// Pieces of a page's text (table cells, the lines around a table) given to libcmark in one
/// parse, each piece then taken back as its own nodes: one parse per page, however many cells.
struct FragmentBatch {
    /// Leads each cell's text, so that libcmark reads it as inline text only (`# x`, `- x`, `1. x`
    /// or `[a]: b` in a cell open no block). A no-break space is not indentation, and for
    /// emphasis and smart quotes it is whitespace, as the start of a line is.
    static let cellLead = "\u{A0}"

    struct Fragment {
        enum Text {
            /// A cell, on one line.
            case cell(PipeTablePass.SourceLine, PipeTable.Cell)
            /// Lines of a paragraph, read as blocks.
            case lines([PipeTablePass.SourceLine])
        }
        var text: Text
        /// The fragment's first line in the parsed text, 1-based, and how many it has.
        var firstLine: Int
        var lineCount: Int

        /// The body position of a line and byte column of the parsed text.
        func bodyPosition(line: Int, column: Int) -> BodyPosition {
            switch text {
            case .cell(let row, let cell):
                let byte = max(0, column - 1 - FragmentBatch.cellLead.utf8.count)
                return BodyPosition(line: row.line, column: row.textColumn + cell.lineOffset(ofTextByte: byte))
            case .lines(let lines):
                let source = lines[min(max(0, line - firstLine), lines.count - 1)]
                return BodyPosition(line: source.line, column: source.rawColumn + max(0, column - 1))
            }
        }
    }

    private(set) var fragments: [Fragment] = []
    private var text = ""
    private var nextLine = 1
    /// Whether any piece may use a reference link (`[text][label]`, `[label]`): a `]` not followed by `(`.
    private var mayUseReferences = false

    /// Adds a piece, a blank line apart from the one before; returns its index.
    mutating func add(_ piece: Fragment.Text) -> Int {
        let lineCount: Int
        switch piece {
        case .cell(_, let cell):
            text += Self.cellLead
            text += cell.text
            text += "\n"
            mayUseReferences = mayUseReferences || Self.mayUseReferences(cell.text[...])
            lineCount = 1
        case .lines(let lines):
            for line in lines {
                text += line.raw
                text += "\n"
                mayUseReferences = mayUseReferences || Self.mayUseReferences(line.raw)
            }
            lineCount = lines.count
        }
        text += "\n"
        fragments.append(Fragment(text: piece, firstLine: nextLine, lineCount: lineCount))
        nextLine += lineCount + 1
        return fragments.count - 1
    }

    /// Parses every piece. When a piece may use a reference link, the whole page follows them
    /// (after a line that closes any list or quote a piece left open): its link reference
    /// definitions are found exactly as in the page's own parse, wherever they stand, and its
    /// nodes are left in the document. The caller frees the document after taking the nodes it
    /// wants out of it.
    func parse(options: Int32, page: String) -> (document: OpaquePointer, nodes: [[OpaquePointer]]) {
        var source = text
        if mayUseReferences {
            source += Self.cellLead
            source += "\n\n"
            source += page
        }
        let document = source.withCString { cmark_parse_document($0, strlen($0), options) }!
        var nodes = [[OpaquePointer]](repeating: [], count: fragments.count)
        var index = 0
        var child = cmark_node_first_child(document)
        while let node = child {
            let line = Int(cmark_node_get_start_line(node))
            while index < fragments.count, line >= fragments[index].firstLine + fragments[index].lineCount { index += 1 }
            guard index < fragments.count else { break }
            if line >= fragments[index].firstLine { nodes[index].append(node) }
            child = cmark_node_next(node)
        }
        return (document, nodes)
    }

    private static func mayUseReferences(_ text: Substring) -> Bool {
        var afterBracket = false
        for byte in text.utf8 {
            if afterBracket, byte != UInt8(ascii: "(") { return true }
            afterBracket = byte == UInt8(ascii: "]")
        }
        return afterBracket
    }
}
