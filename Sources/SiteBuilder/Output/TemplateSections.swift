import Foundation

/// Finds where a template's sections open and close, to name the section a Mustache parse error
/// is about and the line it opened at: the parser notices an unclosed section only at the end of
/// the file, which is not where the writer has to look.
enum TemplateSections {
    struct Tag: Equatable {
        /// As written, without the braces' spaces: `#page.description`.
        var text: String
        var name: String
        var line: Int
        var column: Int
    }

    enum Problem: Equatable {
        /// A section that is still open at the end of the template (the innermost one).
        case unclosed(Tag)
        /// `{{/close}}` while `open` is the innermost open section.
        case mismatched(open: Tag, close: Tag)
    }

    /// The first problem of nesting, or nil when every section is closed by its own name.
    static func problem(in text: String) -> Problem? {
        var open: [Tag] = []
        for tag in tags(in: text) {
            guard let sigil = tag.text.first else { continue }
            switch sigil {
            case "#", "^", "$", "<":
                open.append(tag)
            case "/":
                guard let innermost = open.last else { return nil }
                guard innermost.name == tag.name else { return .mismatched(open: innermost, close: tag) }
                open.removeLast()
            default:
                continue
            }
        }
        return open.last.map(Problem.unclosed)
    }

    /// Every `{{…}}` tag with its line and column (in characters, from 1); `{{{…}}}` and comments are skipped.
    private static func tags(in text: String) -> [Tag] {
        var tags: [Tag] = []
        var line = 1, column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{"), let end = text[index...].range(of: "}}") {
                let inner = text[text.index(index, offsetBy: 2)..<end.lowerBound]
                if !inner.hasPrefix("{") && !inner.hasPrefix("!") {
                    let trimmed = String(inner).trimmingCharacters(in: .whitespaces)
                    let name = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
                    tags.append(Tag(text: (trimmed.first.map(String.init) ?? "") + name, name: name, line: line, column: column))
                }
                // Move past the tag, counting its lines.
                while index < end.upperBound {
                    if text[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                    index = text.index(after: index)
                }
                continue
            }
            if text[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index = text.index(after: index)
        }
        return tags
    }
}
