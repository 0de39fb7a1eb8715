import PigmentModel
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
    /// Works on the UTF-8 bytes, line by line, without splitting the whole file into lines.
    static func split(_ file: SourceFile) -> Result<SplitSource, Diagnostic> {
        var text = file.text
        return text.withUTF8 { bytes in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            /// The line starting at `offset`, without its newline, and where the next line starts (nil: none).
            func line(at offset: Int) -> (content: Range<Int>, next: Int?) {
                var end = offset
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                return (offset..<end, end < bytes.count ? end + 1 : nil)
            }
            /// `---` (or `...` when `orEnd`), with trailing spaces, tabs or a carriage return.
            func isFence(_ range: Range<Int>, orEnd: Bool = false) -> Bool {
                var end = range.upperBound
                if end > range.lowerBound, bytes[end - 1] == 0x0D { end -= 1 }
                while end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                guard end - range.lowerBound == 3 else { return false }
                let mark = bytes[range.lowerBound]
                return (mark == 0x2D || (orEnd && mark == 0x2E)) && bytes[range.lowerBound + 1] == mark && bytes[range.lowerBound + 2] == mark
            }
            let opening = line(at: start)
            guard isFence(opening.content), var next = opening.next else {
                if isFence(opening.content) {
                    return .failure(.error("front matter is not closed: add a line '---' after the YAML", at: file.location(line: 1)))
                }
                return .success(SplitSource(yaml: "", yamlLineOffset: 0, body: string(start..<bytes.count), bodyLineOffset: 0))
            }
            let yamlStart = next
            var lineIndex = 1
            while true {
                let current = line(at: next)
                if isFence(current.content, orEnd: true) {
                    let yaml = current.content.lowerBound > yamlStart ? string(yamlStart..<(current.content.lowerBound - 1)) : ""
                    let body = current.next.map { string($0..<bytes.count) } ?? ""
                    return .success(SplitSource(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: lineIndex + 1))
                }
                guard let following = current.next else {
                    return .failure(.error("front matter is not closed: add a line '---' after the YAML", at: file.location(line: 1)))
                }
                next = following
                lineIndex += 1
            }
        }
    }

    /// Whether two texts of a page have the same front matter, on the same lines (only the body differs).
    static func sameFrontMatter(_ text: String, _ other: String) -> Bool {
        let file = SourceFile(contentPath: "", displayPath: "", text: text), otherFile = SourceFile(contentPath: "", displayPath: "", text: other)
        guard case .success(let a) = split(file), case .success(let b) = split(otherFile) else { return false }
        return a.yaml == b.yaml && a.yamlLineOffset == b.yamlLineOffset && a.bodyLineOffset == b.bodyLineOffset
    }

    /// Parses the YAML into a mapping node; a syntax error is reported at its line in the file.
    static func parse(_ split: SplitSource, of file: SourceFile) -> Result<Node.Mapping, Diagnostic> {
        if split.yaml.isBlank(countingNewlines: true) {
            return .success(Node.Mapping([]))
        }
        if let simple = PlainFrontMatter.parse(split.yaml) { return .success(simple) }
        return YAMLDocument.parseMapping(split.yaml, displayPath: file.displayPath, lineOffset: split.yamlLineOffset, document: "front matter")
    }
}
