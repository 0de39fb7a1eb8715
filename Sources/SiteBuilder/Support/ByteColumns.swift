/// Turns libcmark's positions (UTF-8 byte columns) into the character columns a writer counts.
/// Most pages are ASCII, where the two agree; only other pages pay for a table of line starts.
struct ByteColumns: Sendable {
    private let text: String
    /// UTF-8 offset of each line's first byte; empty when the text is ASCII.
    private let lineStarts: [Int]

    init(_ text: String) {
        var text = text
        // Over the contiguous bytes, not `utf8`'s iterator: every page is read so, and that took 2% of a build.
        lineStarts = text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 >= 0x80 }) else { return [] }
            var starts = [0]
            for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
            return starts
        }
        self.text = text
    }

    /// The column, in `Character`s from 1, of the byte at `byteColumn` (from 1) of `line` (from 1).
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard !lineStarts.isEmpty, lineStarts.indices.contains(line - 1), byteColumn > 1 else { return max(1, byteColumn) }
        let utf8 = text.utf8
        let lineStart = utf8.index(utf8.startIndex, offsetBy: lineStarts[line - 1])
        let lineEnd = lineStarts.indices.contains(line) ? utf8.index(utf8.startIndex, offsetBy: lineStarts[line] - 1) : utf8.endIndex
        let available = utf8.distance(from: lineStart, to: lineEnd)
        // Where the line up to the column is ASCII, bytes are characters: no grapheme breaking to pay.
        var text = text
        let prefix = lineStarts[line - 1]..<(lineStarts[line - 1] + min(byteColumn - 1, available))
        if text.withUTF8({ bytes in !bytes[prefix].contains(where: { $0 >= 0x80 }) }) { return byteColumn }
        let target = utf8.index(lineStart, offsetBy: min(byteColumn - 1, available))
        let bytesPastEnd = max(0, byteColumn - 1 - available)
        return text[lineStart..<target].count + bytesPastEnd + 1
    }
}
