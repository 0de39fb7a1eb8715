import Yams

/// A Markdown file split into its YAML front matter and its body.
struct SplitSource: Sendable {
    /// The YAML between the `---` fences ("" when there is none).
    var yaml: String
    /// Number of file lines before the YAML's first line (the opening fence).
    var yamlLineOffset: Int
    var body: String
    /// Number of file lines before the body's first line.
    var bodyLineOffset: Int
}

enum FrontMatter {
    /// Splits `---\nyaml\n---\nbody`. A file without an opening fence has no front matter.
    static func split(_ file: SourceFile) -> Result<SplitSource, Diagnostic> {
        var text = Substring(file.text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring) -> Bool {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return trimmed.trimmingTrailingSpaces == "---"
        }
        guard let first = lines.first, isFence(first) else {
            return .success(SplitSource(yaml: "", yamlLineOffset: 0, body: String(text), bodyLineOffset: 0))
        }
        guard let closing = lines.indices.dropFirst().first(where: { isFence(lines[$0]) || lines[$0].trimmingTrailingSpaces == "..." }) else {
            return .failure(.error("front matter is not closed: add a line '---' after the YAML", at: file.location(line: 1)))
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .success(SplitSource(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: closing + 1))
    }

    /// Parses the YAML into a mapping node; a syntax error is reported at its line in the file.
    static func parse(_ split: SplitSource, of file: SourceFile) -> Result<Node.Mapping, Diagnostic> {
        if split.yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .success(Node.Mapping([]))
        }
        return YAMLDocument.parseMapping(split.yaml, displayPath: file.displayPath, lineOffset: split.yamlLineOffset)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
