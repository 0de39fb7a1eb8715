import Foundation
import PigmentModel

/// Prints diagnostics the way compilers do: the `file:line:col: error:` line, then the
/// offending source line with a caret under the column, so a writer sees the spot at once.
public struct DiagnosticFormatter: Sendable {
    /// Site root the diagnostic paths are relative to, to read the excerpt from.
    public var root: URL

    public init(root: URL) { self.root = root }

    public func format(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.description
        if let excerpt = excerpt(for: diagnostic.location) { text += "\n" + excerpt }
        return text
    }

    private func excerpt(for location: SourceLocation) -> String? {
        let url = root.appendingPathComponent(location.file)
        guard let data = try? Data(contentsOf: url), let source = String(data: data, encoding: .utf8) else { return nil }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return nil }
        let line = lines[location.line - 1].replacingOccurrences(of: "\r", with: "")
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        return " \(number) | \(line)\n \(gutter) | \(Self.padding(before: location.column, in: line))^"
    }

    /// The blank that puts a caret under the character at `column` (from 1) in a terminal:
    /// two cells for a wide character, and a tab kept as a tab so it lines up the same.
    static func padding(before column: Int, in line: String) -> String {
        var padding = ""
        for character in line.prefix(max(0, column - 1)) {
            padding += character == "\t" ? "\t" : String(repeating: " ", count: TerminalWidth.of(character))
        }
        return padding
    }
}
