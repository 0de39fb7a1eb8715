import Foundation

/// The line syntax of a GFM pipe table (the GFM spec's "Tables (extension)", read the way
/// cmark-gfm's `extensions/table.c` reads it), on one line of a paragraph whose container
/// prefixes (`> `, a list item's indentation) are already taken off.
enum PipeTable {
    enum Alignment: Sendable { case left, center, right }

    /// One cell of a row.
    struct Cell: Equatable {
        /// The cell's text, trimmed, with `\|` unescaped to `|` (before inline parsing, so also in code spans).
        var text: String
        /// Byte offset in the line of the text's first byte.
        var offset: Int
        /// Offsets in `text` where a backslash was taken out, to map positions back to the line.
        var droppedBackslashes: [Int]

        /// The line's byte offset of the text's byte at `index`.
        func lineOffset(ofTextByte index: Int) -> Int {
            offset + index + droppedBackslashes.prefix { $0 <= index }.count
        }
    }

    private static let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-")

    /// `[ \t\v\f]`, cmark-gfm's `spacechar`.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// A row's cells: split at every pipe that is not right after a backslash; a leading and a
    /// trailing pipe are optional. Empty for a line with no cell (`|`).
    static func cells(of line: Substring) -> [Cell] {
        let bytes = Array(line.utf8)
        var cells: [Cell] = []
        var index = 0
        if index < bytes.count, bytes[index] == pipe { index = skipSpaces(bytes, from: index + 1) }
        while index < bytes.count {
            let start = index
            while index < bytes.count, bytes[index] != pipe {
                index += bytes[index] == backslash && index + 1 < bytes.count && bytes[index + 1] == pipe ? 2 : 1
            }
            cells.append(cell(bytes[start..<index]))
            guard index < bytes.count else { break }
            index = skipSpaces(bytes, from: index + 1)
        }
        return cells
    }

    /// `|---|:---:|`, `--- | ---:`, `:--`: one alignment per cell (nil where no colon says one),
    /// or nil when the line is not a delimiter row.
    static func alignments(ofDelimiterRow line: Substring) -> [Alignment?]? {
        // Most lines of a page are tested, so most are turned down before their bytes are copied.
        guard let first = line.utf8.first, first == pipe || first == colon || first == dash else { return nil }
        let bytes = Array(line.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == pipe { index += 1 }
        var alignments: [Alignment?] = []
        while true {
            index = skipSpaces(bytes, from: index)
            let left = index < bytes.count && bytes[index] == colon
            if left { index += 1 }
            let dashes = index
            while index < bytes.count, bytes[index] == dash { index += 1 }
            guard index > dashes else { return nil }
            let right = index < bytes.count && bytes[index] == colon
            if right { index += 1 }
            alignments.append(left && right ? .center : left ? .left : right ? .right : nil)
            index = skipSpaces(bytes, from: index)
            if index == bytes.count { return alignments }
            guard bytes[index] == pipe else { return nil }
            index = skipSpaces(bytes, from: index + 1)
            if index == bytes.count { return alignments }
        }
    }

    /// A line that opens a block after a table although it could not interrupt a paragraph: an
    /// indented code line, an empty list item or one numbered other than 1, a tag alone on its
    /// line (an HTML block), and `---` (which under a paragraph makes it a setext heading). Lines
    /// that interrupt a paragraph, like `> quote` or `# heading`, already ended it in libcmark.
    static func opensBlockAfterTable(_ line: Substring, indent: Int) -> Bool {
        if indent >= 4 || isThematicBreak(line) || isLoneTag(line) { return true }
        let bytes = Array(line.utf8.prefix(12))
        guard let first = bytes.first else { return false }
        var index = 0
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            index = 1
        } else {
            while index < bytes.count, index < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > 0, index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else { return false }
            index += 1
        }
        return index == bytes.count || bytes[index] == 0x20 || bytes[index] == 0x09
    }

    /// CommonMark's HTML block start 7: one complete opening or closing tag, then only spaces.
    private static func isLoneTag(_ line: Substring) -> Bool {
        guard line.utf8.first == UInt8(ascii: "<") else { return false }
        return line.range(of: loneTag, options: .regularExpression) != nil
    }

    private static let loneTag = #"^(<[A-Za-z][A-Za-z0-9-]*(\s+[A-Za-z_:][A-Za-z0-9_.:-]*(\s*=\s*([^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$"#

    /// `===` or `---` (one or more), which under a paragraph's lines make them a heading.
    static func isSetextUnderline(_ line: Substring, indent: Int) -> Bool {
        guard indent < 4, let mark = line.utf8.first, mark == dash || mark == UInt8(ascii: "=") else { return false }
        let rest = line.utf8.drop { $0 == mark }
        return rest.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Three or more of one of `-`, `*`, `_`, with nothing but spaces and tabs among them.
    private static func isThematicBreak(_ line: Substring) -> Bool {
        guard let mark = line.utf8.first, mark == dash || mark == UInt8(ascii: "*") || mark == UInt8(ascii: "_") else { return false }
        var count = 0
        for byte in line.utf8 {
            if byte == mark { count += 1 } else if byte != 0x20, byte != 0x09 { return false }
        }
        return count >= 3
    }

    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// `raw`'s indices are the line's byte offsets.
    private static func cell(_ raw: ArraySlice<UInt8>) -> Cell {
        var lower = raw.startIndex, upper = raw.endIndex
        while lower < upper, isSpace(raw[lower]) { lower += 1 }
        while upper > lower, isSpace(raw[upper - 1]) { upper -= 1 }
        var text: [UInt8] = []
        text.reserveCapacity(upper - lower)
        var dropped: [Int] = []
        var index = lower
        while index < upper {
            if raw[index] == backslash, index + 1 < upper, raw[index + 1] == pipe {
                dropped.append(text.count)
                index += 1
            }
            text.append(raw[index])
            index += 1
        }
        return Cell(text: String(decoding: text, as: UTF8.self), offset: lower, droppedBackslashes: dropped)
    }
}
