/// Liquid tags (`{% data reusables.x %}`, `{% include x.html %}`) and template variables
/// (`{{ site.title }}`) left in Markdown by a page moved from Jekyll or GitHub Docs: pigment fills
/// neither, so they reach readers as they are. Shortcodes (`{{< name >}}`) are pigment's own.
enum ForeignTemplateSyntax {
    struct Found: Equatable {
        /// The whole tag as written: `{% data reusables.x %}`.
        var text: String
        /// Column of its first brace in the line, in characters from 1.
        var column: Int
        var isLiquidTag: Bool
    }

    /// The tags in one line of Markdown, outside code spans.
    static func find(in line: Substring) -> [Found] {
        guard line.utf8.contains(UInt8(ascii: "{")) else { return [] }
        var found: [Found] = []
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                index = endOfCodeSpan(in: characters, at: index)
                continue
            }
            guard character == "{", index + 1 < characters.count else { index += 1; continue }
            let next = characters[index + 1]
            let isLiquidTag = next == "%"
            let isVariable = next == "{" && index + 2 < characters.count && characters[index + 2] != "<" && characters[index + 2] != "{"
            guard isLiquidTag || isVariable, let end = closing(isLiquidTag ? "%}" : "}}", in: characters, from: index + 2) else {
                index += 1
                continue
            }
            found.append(Found(text: String(characters[index..<end]), column: index + 1, isLiquidTag: isLiquidTag))
            index = end
        }
        return found
    }

    /// The message for a found tag.
    static func message(for found: Found) -> String {
        found.isLiquidTag
            ? "Liquid tag '\(found.text)' is not supported and is published as text; write the text itself, "
                + "or a shortcode {{< name >}} for a generated table"
            : "template variable '\(found.text)' is not filled in Markdown and is published as text; write the value itself"
    }

    /// Position after the closing `%}` or `}}`, if the line has one.
    private static func closing(_ pair: String, in characters: [Character], from start: Int) -> Int? {
        let (first, second) = (pair.first!, pair.last!)
        var index = start
        while index + 1 < characters.count {
            if characters[index] == first && characters[index + 1] == second { return index + 2 }
            index += 1
        }
        return nil
    }

    /// Position after the code span that opens at `start` (a run of backticks closed by one as long),
    /// or after the run itself when nothing closes it.
    private static func endOfCodeSpan(in characters: [Character], at start: Int) -> Int {
        var runEnd = start
        while runEnd < characters.count, characters[runEnd] == "`" { runEnd += 1 }
        let length = runEnd - start
        var index = runEnd
        while index < characters.count {
            guard characters[index] == "`" else { index += 1; continue }
            var closeEnd = index
            while closeEnd < characters.count, characters[closeEnd] == "`" { closeEnd += 1 }
            if closeEnd - index == length { return closeEnd }
            index = closeEnd
        }
        return runEnd
    }
}
