import Foundation
import Yams

/// YAML parsing with every error mapped to `file:line:col`, for front matter and data files alike.
package enum YAMLDocument {
    /// `document` names the YAML in the message about aliases: "front matter", "this file".
    package static func parseMapping(_ yaml: String, displayPath: String, lineOffset: Int,
                                     document: String = "this file") -> Result<Node.Mapping, Diagnostic> {
        if let excess = YAMLAliasBound.firstExcess(in: yaml) {
            return .failure(.error("\(document) expands YAML aliases to more than \(YAMLAliasBound.limit) values; "
                                   + "write the values out, or nest fewer aliases of aliases",
                                   at: SourceLocation(file: displayPath, line: excess.line + lineOffset, column: excess.column)))
        }
        do {
            // The encoding is named because Yams would otherwise read the environment on every call.
            guard let node = try Yams.compose(yaml: yaml, .default, .default, .utf8) else { return .success(Node.Mapping([])) }
            guard let mapping = node.mapping else {
                return .failure(.error("expected a YAML mapping of 'key: value' lines",
                                       at: node.location(in: displayPath, lineOffset: lineOffset)))
            }
            return .success(mapping)
        } catch let error as YamlError {
            let (message, problemMark, contextMark) = describe(error)
            // An unclosed bracket or quote is found only at the end of the YAML; where it opened helps more.
            let mark = isAtEnd(problemMark, of: yaml) ? (contextMark ?? problemMark) : problemMark
            if let tab = indentingTab(onLineOf: problemMark, in: yaml) {
                // libyaml's words ("found character that cannot start any token") do not say the character is a tab.
                return .failure(.error("invalid YAML: a tab indents this line; YAML allows spaces only: indent with spaces",
                                       at: SourceLocation(file: displayPath, line: tab.line + lineOffset, column: tab.column)))
            }
            let column = mark.map { ScalarColumns.characterColumn(line: $0.line, scalarColumn: $0.column, in: yaml) } ?? 1
            return .failure(.error("invalid YAML: \(message)",
                                   at: SourceLocation(file: displayPath, line: (mark?.line ?? 1) + lineOffset, column: column)))
        } catch {
            return .failure(.error("invalid YAML: \(error)", at: SourceLocation(file: displayPath, line: lineOffset + 1)))
        }
    }

    /// The first tab in the indentation of the mark's line, when there is one.
    private static func indentingTab(onLineOf mark: Mark?, in yaml: String) -> (line: Int, column: Int)? {
        guard let mark else { return nil }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indentation = lines[mark.line - 1].prefix { $0 == " " || $0 == "\t" }
        guard let tab = indentation.firstIndex(of: "\t") else { return nil }
        return (mark.line, indentation.distance(from: indentation.startIndex, to: tab) + 1)
    }

    /// Whether nothing but white space follows the mark.
    private static func isAtEnd(_ mark: Mark?, of yaml: String) -> Bool {
        guard let mark else { return true }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line <= lines.count else { return true }
        let rest = lines[mark.line - 1].dropFirst(max(0, mark.column - 1)) + lines[mark.line...].joined()
        return rest.allSatisfy(\.isWhitespace)
    }

    /// The message, where the problem was found, and where the construct it belongs to began.
    private static func describe(_ error: YamlError) -> (String, Mark?, Mark?) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return (prefix + problem, mark, context?.mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            return ("duplicate key \(duplicates.joined(separator: ", "))", context.mark, nil)
        case let .reader(problem, _, _, _):
            return (problem, nil, nil)
        default:
            return ("\(error)", nil, nil)
        }
    }
}

extension Node {
    /// Location of this node in the file it came from.
    package func location(in displayPath: String, lineOffset: Int) -> SourceLocation {
        SourceLocation(file: displayPath, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }
}

extension YAMLDocument {
    /// Text as a YAML double-quoted scalar, for front matter the tool writes. A JSON string is one.
    package static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
