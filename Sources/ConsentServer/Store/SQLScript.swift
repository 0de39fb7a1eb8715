import Foundation

/// A migration script cut into its statements: PostgreSQL's extended query protocol, which
/// PostgresNIO speaks, runs one statement at a time. Semicolons inside quotes, `$tag$` bodies and
/// `--` comments do not cut.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var index = script.startIndex
        func rest(_ at: String.Index) -> Substring { script[at...] }
        while index < script.endIndex {
            let character = script[index]
            if character == "-", rest(index).hasPrefix("--") {
                let end = script[index...].firstIndex(of: "\n") ?? script.endIndex
                current += script[index..<end]
                index = end
                continue
            }
            if character == "'" {
                var end = script.index(after: index)
                while end < script.endIndex {
                    if script[end] == "'" {
                        let next = script.index(after: end)
                        if next < script.endIndex, script[next] == "'" { end = script.index(after: next); continue }
                        break
                    }
                    end = script.index(after: end)
                }
                let stop = end < script.endIndex ? script.index(after: end) : end
                current += script[index..<stop]
                index = stop
                continue
            }
            if character == "$", let tagEnd = script[script.index(after: index)...].firstIndex(of: "$"),
               script[script.index(after: index)..<tagEnd].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                let tag = String(script[index...tagEnd])
                let bodyStart = script.index(after: tagEnd)
                let close = script[bodyStart...].range(of: tag)?.upperBound ?? script.endIndex
                current += script[index..<close]
                index = close
                continue
            }
            if character == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(character)
            }
            index = script.index(after: index)
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty && !last.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }) { statements.append(last) }
        return statements
    }
}
