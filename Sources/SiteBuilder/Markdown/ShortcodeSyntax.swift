import Foundation

/// A generated block placed in Markdown with a tag alone on its line, as Hugo's shortcodes are:
/// `{{< cookie-table category="analytics" >}}`.
struct ShortcodeCall: Sendable {
    var name: String
    var arguments: [String: String]
    /// Column of each argument's name (in characters, like every column), for errors about a single argument.
    var argumentColumns: [String: Int]
    /// Line within the body, from 1, and column of `{{<`.
    var line: Int
    var column: Int
}

enum ShortcodeSyntax {
    /// Stands in the Markdown for a tag while libcmark parses it: plain letters and digits, so no
    /// Markdown rule (emphasis, smart quotes) touches it, and one line, so every line number stays true.
    static func token(_ index: Int) -> String { "PIGMENTSHORTCODE\(index)END" }

    /// The call index a token stands for. Page text can read like a token too: the renderer takes a
    /// paragraph for a call only on the line the call was on.
    static func callIndex(ofToken text: String) -> Int? {
        guard text.hasPrefix("PIGMENTSHORTCODE"), text.hasSuffix("END") else { return nil }
        return Int(text.dropFirst("PIGMENTSHORTCODE".count).dropLast(3))
    }

    private static let tag = try! NSRegularExpression(
        pattern: #"^([ \t]*)\{\{<[ \t]*([A-Za-z0-9][A-Za-z0-9_-]*)((?:[ \t]+[A-Za-z_][A-Za-z0-9_-]*="[^"]*")*)[ \t]*>\}\}[ \t]*$"#)
    private static let argument = try! NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_-]*)="([^"]*)""#)

    /// Replaces each tag line outside fenced code with a token; returns the calls in token order and
    /// the lines that look like a tag but are malformed. Lines are numbered as libcmark numbers them,
    /// a lone carriage return ending a line too, since the renderer matches tokens to calls by line.
    static func extract(from body: String) -> (body: String, calls: [ShortcodeCall], malformed: [(line: Int, column: Int)]) {
        guard body.containsBytes("{{<") else { return (body, [], []) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var calls: [ShortcodeCall] = []
        var malformed: [(Int, Int)] = []
        var fence: String?
        var nextLineNumber = 1
        for index in lines.indices {
            let line = lines[index]
            let lineNumber = nextLineNumber
            nextLineNumber += 1 + line.utf8.dropLast().count { $0 == UInt8(ascii: "\r") }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                continue
            }
            guard trimmed.hasPrefix("{{<") else { continue }
            let range = NSRange(line.startIndex..., in: line)
            guard let match = tag.firstMatch(in: line, range: range) else {
                malformed.append((lineNumber, line.distance(from: line.startIndex, to: line.range(of: "{{<")!.lowerBound) + 1))
                continue
            }
            let indent = Range(match.range(at: 1), in: line)!
            let name = String(line[Range(match.range(at: 2), in: line)!])
            let argumentText = Range(match.range(at: 3), in: line)!
            var arguments: [String: String] = [:]
            var columns: [String: Int] = [:]
            for found in argument.matches(in: line, range: NSRange(argumentText, in: line)) {
                let key = String(line[Range(found.range(at: 1), in: line)!])
                arguments[key] = String(line[Range(found.range(at: 2), in: line)!])
                columns[key] = line.distance(from: line.startIndex, to: Range(found.range(at: 1), in: line)!.lowerBound) + 1
            }
            let column = line.distance(from: line.startIndex, to: indent.upperBound) + 1
            calls.append(ShortcodeCall(name: name, arguments: arguments, argumentColumns: columns, line: lineNumber, column: column))
            lines[index] = String(line[indent]) + token(calls.count - 1)
        }
        return (lines.joined(separator: "\n"), calls, malformed)
    }
}
