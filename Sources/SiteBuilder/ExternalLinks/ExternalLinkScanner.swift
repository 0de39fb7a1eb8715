import Foundation
import PigmentModel

/// Every `http(s)` link written in the site's sources, where it was written: Markdown pages and
/// data files under `Content/`, templates under `Templates/`. Read from the sources, not the built
/// pages, so each is reported at the file, line and column a writer edits. Skipped: links in
/// Markdown code (examples, not references), links a template builds (`{{…}}` in them), and the
/// names RFC 2606 and RFC 6761 reserve (`example.com`, `*.test`, `localhost`…), which never answer.
public enum ExternalLinkScanner {
    public struct Link: Sendable, Equatable {
        public var url: String
        public var location: SourceLocation
    }

    /// The links of every source under `root`, in file order then position order.
    public static func links(under root: URL) -> [Link] {
        var links: [Link] = []
        for (folder, extensions) in [("Content", ["md", "markdown", "yml", "yaml"]), ("Templates", ["mustache", "html"])] {
            for path in FileTree.relativeFilePaths(under: root.appendingPathComponent(folder))
            where extensions.contains((path as NSString).pathExtension.lowercased()) {
                let file = folder + "/" + path
                guard case .success(let bytes) = FileBytes.read(root.appendingPathComponent(file).path) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                links += self.links(in: text, file: file, isMarkdown: path.hasSuffix(".md") || path.hasSuffix(".markdown"))
            }
        }
        return links
    }

    /// The links in one file's text.
    public static func links(in text: String, file: String, isMarkdown: Bool) -> [Link] {
        var links: [Link] = []
        var fence: Substring?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if isMarkdown {
                let trimmed = line.drop { $0 == " " }
                if let open = fence {
                    if trimmed.hasPrefix(open) { fence = nil }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = trimmed.prefix(3); continue }
            }
            for (url, column) in urls(in: line, skippingCode: isMarkdown) where checkable(url) {
                links.append(Link(url: url, location: SourceLocation(file: file, line: index + 1, column: column)))
            }
        }
        return links
    }

    /// `(url, column)` of each `http://` or `https://` in the line; the column counts characters from 1.
    static func urls(in line: Substring, skippingCode: Bool) -> [(String, Int)] {
        let characters = Array(line)
        var found: [(String, Int)] = []
        var index = 0
        var inCode = false
        while index < characters.count {
            if skippingCode && characters[index] == "`" { inCode.toggle(); index += 1; continue }
            guard !inCode, characters[index] == "h", startsURL(characters, at: index) else { index += 1; continue }
            var end = index
            var depth = 0
            while end < characters.count {
                let character = characters[end]
                if character.isWhitespace || "<>\"'`{}|\\^".contains(character) { break }
                if character == "(" { depth += 1 }
                if character == ")" { if depth == 0 { break }; depth -= 1 }
                if character == "]" { break }
                end += 1
            }
            // Sentence punctuation after a link is not part of it (GitHub's autolink rule).
            while end > index, ".,;:!?*_~".contains(characters[end - 1]) { end -= 1 }
            let url = String(characters[index..<end])
            if characters.count > end, characters[end] == "{" { index = end; continue } // `https://x/{{id}}`: built by a template
            found.append((url, index + 1))
            index = max(end, index + 1)
        }
        return found
    }

    private static func startsURL(_ characters: [Character], at index: Int) -> Bool {
        for scheme in ["https://", "http://"] where characters.count >= index + scheme.count {
            if String(characters[index..<index + scheme.count]).lowercased() == scheme {
                // A scheme alone or inside a word (`xhttps://`) is no link.
                return characters.count > index + scheme.count && (index == 0 || !characters[index - 1].isLetter)
            }
        }
        return false
    }

    /// Whether the link names a host that could answer.
    static func checkable(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased(), !host.isEmpty else { return false }
        let reserved = ["example.com", "example.net", "example.org"]
        if reserved.contains(host) || reserved.contains(where: { host.hasSuffix("." + $0) }) { return false }
        if host == "localhost" { return false }
        return ![".test", ".example", ".invalid", ".localhost", ".local"].contains { host.hasSuffix($0) }
    }
}
