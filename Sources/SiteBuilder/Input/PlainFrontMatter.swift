import PigmentModel
import Yams

/// A fast reader for the front matter nearly every page has: top-level `key: value` lines whose
/// values are plain words, simple quoted text, or a one-line `[a, b]` list. It makes the same nodes
/// as Yams (text, style, line and column; a test compares them on every shape it accepts), but
/// without libyaml's event stream, its duplicate check by hashing, and the regular expressions Yams
/// runs to decide whether a plain word is text, a number, a date or a boolean.
///
/// Anything else (nesting, block text, escapes, anchors, tabs, comments after values, duplicate keys,
/// a node beyond the lines and columns `YAMLMarks` knows) returns nil, and Yams reads the file as
/// before, so every error message still comes from Yams.
enum PlainFrontMatter {
    static func parse(_ yaml: String) -> Node.Mapping? {
        var yaml = yaml
        return yaml.withUTF8 { bytes in
            var pairs: [(Node, Node)] = []
            var keys: Set<Substring> = []
            var lineStart = 0
            var line = 1
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let scanner = LineScanner(bytes: bytes, start: lineStart, end: lineEnd, line: line)
                if !scanner.isBlankOrComment {
                    guard let (key, value) = scanner.keyAndValue(),
                          keys.insert(Substring(key.scalar!.string)).inserted else { return nil }
                    pairs.append((key, value))
                } else if !scanner.isPlainText {
                    return nil  // libyaml refuses a control character even in a comment: its error, not our silence
                }
                lineStart = lineEnd + 1
                line += 1
            }
            // Yams takes collection styles from the end event, which has none: `.any`.
            return Node.Mapping(pairs, PlainFrontMatter.tag(.map), .any, pairs.first?.0.mark)
        }
    }

    /// A tag of that name. `Tag(name)` would build Yams's default constructor table each time, so
    /// resolved tags are shared (Yams changes a tag only while it is `.implicit`), and implicit ones,
    /// which Yams resolves in place later, are made new with one shared constructor.
    static func tag(_ name: Tag.Name) -> Tag {
        switch name {
        case .str: sharedTags.str
        case .int: sharedTags.int
        case .timestamp: sharedTags.timestamp
        case .seq: sharedTags.seq
        case .map: sharedTags.map
        default: Tag(name, .default, sharedTags.constructor)
        }
    }

    // Shared by every thread, unchecked: Yams marks neither class Sendable, but neither changes once made
    // (Yams renames a tag only while it is `.implicit`; a Constructor holds constants). Making them per
    // parse instead costs 3 µs a page, a third of this reader's time.
    nonisolated(unsafe) private static let sharedTags = (
        str: Tag(.str), int: Tag(.int), timestamp: Tag(.timestamp), seq: Tag(.seq), map: Tag(.map), constructor: Constructor.default
    )
}

/// One line of front matter, scanned byte by byte. Every method returns nil for what it does not accept.
private struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let start: Int
    let end: Int
    let line: Int

    var isBlankOrComment: Bool {
        var index = start
        while index < end, bytes[index] == 0x20 { index += 1 }
        return index == end || bytes[index] == UInt8(ascii: "#")
    }

    /// Every byte of the line is text this reader accepts (found by fuzzing: comments were not checked).
    var isPlainText: Bool {
        (start..<end).allSatisfy { Self.isPlainTextByte(bytes[$0], at: $0, in: bytes) }
    }

    /// `key: value` with the key at the start of the line.
    func keyAndValue() -> (Node, Node)? {
        var index = start
        guard index < end, bytes[index].isASCIILetter || bytes[index] == UInt8(ascii: "_") else { return nil }
        while index < end, bytes[index].isASCIILetter || bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        let keyEnd = index
        guard index + 1 < end, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == 0x20 else { return nil }
        index += 2
        while index < end, bytes[index] == 0x20 { index += 1 }
        guard index < end else { return nil }  // an empty value may open a nested block
        guard let key = scalar(start..<keyEnd, style: .plain, at: start) else { return nil }
        let value: Node?
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): value = quoted(from: index).flatMap { onlyTrailingSpace(after: $0.end) ? $0.node : nil }
        case UInt8(ascii: "["): value = flowList(from: index)
        default: value = plain(index..<end)
        }
        return value.map { (key, $0) }
    }

    /// A plain scalar filling the rest of the line. Indicators, `: ` and ` #` would change its meaning.
    private func plain(_ range: Range<Int>) -> Node? {
        guard let first = range.first.map({ bytes[$0] }), !Self.startsSomethingElse.contains(first) else { return nil }
        var last = range.upperBound
        while last > range.lowerBound, bytes[last - 1] == 0x20 { last -= 1 }
        for index in range.lowerBound..<last {
            let byte = bytes[index]
            guard Self.isPlainTextByte(byte, at: index, in: bytes) else { return nil }
            if byte == UInt8(ascii: ":"), index + 1 == last || bytes[index + 1] == 0x20 { return nil }
            if byte == UInt8(ascii: "#"), bytes[index - 1] == 0x20 { return nil }
        }
        return scalar(range.lowerBound..<last, style: .plain, at: range.lowerBound)
    }

    /// `"text"` without escapes or `'text'` with `''` for a quote. Returns the node and the index after the closing quote.
    private func quoted(from index: Int) -> (node: Node, end: Int)? {
        let quote = bytes[index]
        var text: [UInt8] = []
        var cursor = index + 1
        while cursor < end {
            let byte = bytes[cursor]
            if byte == quote {
                if quote == UInt8(ascii: "'"), cursor + 1 < end, bytes[cursor + 1] == quote {
                    text.append(quote)
                    cursor += 2
                    continue
                }
                guard let mark = YAMLMarks.mark(line: line, column: column(of: index)) else { return nil }
                let string = String(decoding: text, as: UTF8.self)
                let style: Node.Scalar.Style = quote == UInt8(ascii: "'") ? .singleQuoted : .doubleQuoted
                return (.scalar(Node.Scalar(string, PlainFrontMatter.tag(.str), style, mark)), cursor + 1)
            }
            guard byte != UInt8(ascii: "\\"), Self.isPlainTextByte(byte, at: cursor, in: bytes) else { return nil }
            text.append(byte)
            cursor += 1
        }
        return nil  // a quote left open continues on the next line: Yams's business
    }

    /// `[a, "b c", d]` on one line, items plain or quoted, nothing nested.
    private func flowList(from open: Int) -> Node? {
        var items: [Node] = []
        var index = open + 1
        func skipSpaces() { while index < end, bytes[index] == 0x20 { index += 1 } }
        skipSpaces()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipSpaces()
                guard index < end else { return nil }
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    guard let (node, after) = quoted(from: index) else { return nil }
                    items.append(node)
                    index = after
                } else {
                    let itemStart = index
                    while index < end, !Self.endsFlowItem.contains(bytes[index]) { index += 1 }
                    var itemEnd = index
                    while itemEnd > itemStart, bytes[itemEnd - 1] == 0x20 { itemEnd -= 1 }
                    guard itemEnd > itemStart, !Self.startsSomethingElse.contains(bytes[itemStart]) else { return nil }
                    for position in itemStart..<itemEnd {
                        guard Self.isPlainTextByte(bytes[position], at: position, in: bytes),
                              !Self.specialInFlowItem.contains(bytes[position]) else { return nil }
                    }
                    guard let item = scalar(itemStart..<itemEnd, style: .plain, at: itemStart) else { return nil }
                    items.append(item)
                }
                skipSpaces()
                guard index < end else { return nil }
                if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        guard onlyTrailingSpace(after: index), let mark = YAMLMarks.mark(line: line, column: column(of: open)) else { return nil }
        return .sequence(Node.Sequence(items, PlainFrontMatter.tag(.seq), .any, mark))
    }

    private func onlyTrailingSpace(after index: Int) -> Bool {
        (index..<end).allSatisfy { bytes[$0] == 0x20 }
    }

    private func scalar(_ range: Range<Int>, style: Node.Scalar.Style, at position: Int) -> Node? {
        guard let mark = YAMLMarks.mark(line: line, column: column(of: position)) else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[range])
        return .scalar(Node.Scalar(String(decoding: text, as: UTF8.self), PlainFrontMatter.tag(PlainWordTag.of(text)), style, mark))
    }

    /// libyaml counts columns in characters (Unicode scalars), from 1.
    private func column(of position: Int) -> Int {
        var column = 1
        for index in start..<position where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// First bytes that make a plain value something else in YAML: indicators, quotes, a list item, a space.
    private static let startsSomethingElse: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@` ".utf8)
    private static let endsFlowItem: Set<UInt8> = Set(",]".utf8)
    /// Inside `[...]` these would nest, start a comment or make a key.
    private static let specialInFlowItem: Set<UInt8> = Set("[]{}#:".utf8)

    /// Printable text as YAML allows it in a scalar, minus tabs, carriage returns, the Unicode line and
    /// paragraph separators and the byte-order mark, which this reader leaves to Yams.
    private static func isPlainTextByte(_ byte: UInt8, at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if byte < 0x20 || byte == 0x7F { return false }
        if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return false }  // C1 controls
        // U+2028 and U+2029 are line breaks to libyaml: it folds them into a space (found by fuzzing).
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return false }
        if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB || bytes[index + 1] == 0xBF,
           bytes[index + 2] == 0xBF || bytes[index + 2] >= 0xBE { return false }  // U+FEFF, U+FFFE, U+FFFF
        return true
    }
}
