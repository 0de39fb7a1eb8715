import Foundation
import PigmentModel

/// `--diagnostics json`: JSON Lines, one object per diagnostic
/// (`{"column":5,"file":"Content/index.md","hint":null,"line":5,"message":"…","severity":"error"}`),
/// then `{"summary":{…}}`, keys sorted so the output is stable.
public enum JSONDiagnostics {
    private struct Line: Encodable {
        var severity: String
        var file: String
        var line: Int
        var column: Int
        var message: String
        var hint: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(severity, forKey: .severity)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(message, forKey: .message)
            try container.encode(hint, forKey: .hint) // null when there is none: every line has every key
        }

        enum CodingKeys: String, CodingKey { case severity, file, line, column, message, hint }
    }

    private struct Summary: Encodable { var summary: DiagnosticsSummary }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func lines(_ diagnostics: [Diagnostic], summary: DiagnosticsSummary) -> String {
        var text = ""
        for diagnostic in diagnostics {
            let line = Line(severity: diagnostic.severity.rawValue, file: diagnostic.location.file, line: diagnostic.location.line,
                            column: diagnostic.location.column, message: diagnostic.message, hint: diagnostic.hint)
            text += encoded(line) + "\n"
        }
        return text + encoded(Summary(summary: summary)) + "\n"
    }

    private static func encoded(_ value: some Encodable) -> String {
        // Encoding strings and numbers cannot fail.
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
