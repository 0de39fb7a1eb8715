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
        let caretOffset = max(0, min(location.column - 1, line.count))
        return " \(number) | \(line)\n \(gutter) | \(String(repeating: " ", count: caretOffset))^"
    }
}
