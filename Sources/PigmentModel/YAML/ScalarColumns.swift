/// libyaml counts columns in Unicode scalars; messages count characters, as a writer does (`é`
/// written as e and a combining accent, a flag or a family emoji is one character, several scalars).
package enum ScalarColumns {
    /// The character column (from 1) of the scalar at `scalarColumn` (from 1) of `line` (from 1) of `text`.
    /// Reads only up to that position: front matter is at the top of its file.
    package static func characterColumn(line: Int, scalarColumn: Int, in text: String) -> Int {
        guard line >= 1, scalarColumn > 1 else { return scalarColumn }
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var currentLine = 1
        while currentLine < line {
            guard let newline = scalars[index...].firstIndex(of: "\n") else { return scalarColumn }
            index = scalars.index(after: newline)
            currentLine += 1
        }
        let lineStart = index
        var allASCII = true
        for _ in 1..<scalarColumn {
            guard index < scalars.endIndex, scalars[index] != "\n" else { break }
            if !scalars[index].isASCII { allASCII = false }
            index = scalars.index(after: index)
        }
        return allASCII ? scalarColumn : text[lineStart..<index].count + 1
    }
}
