import Foundation
import Yams

/// Reads typed fields out of a YAML mapping, recording a located error for each field that has
/// the wrong type, so one pass reports every problem of a file.
package struct FieldReader {
    package let mapping: Node.Mapping
    package let displayPath: String
    package let lineOffset: Int
    package private(set) var diagnostics: [Diagnostic] = []
    package private(set) var consumed: Set<String> = []
    /// The mapping's values by key text. `mapping["key"]` would build a node and resolve its tag through
    /// Yams's regular expressions on every lookup; for the plain-text keys read here, the text alone decides.
    private let values: [String: Node]

    /// The whole file's text, when at hand, to give columns in characters rather than libyaml's scalars.
    package let sourceText: String?

    package init(_ mapping: Node.Mapping, displayPath: String, lineOffset: Int, sourceText: String? = nil) {
        self.mapping = mapping
        self.displayPath = displayPath
        self.lineOffset = lineOffset
        self.sourceText = sourceText
        // The last of repeated keys wins, as in `values[key]` (Yams rejects repeats anyway).
        self.values = Dictionary(mapping.compactMap { key, value in key.scalar.map { ($0.string, value) } },
                                 uniquingKeysWith: { _, last in last })
    }

    /// The value of `key` without marking it read.
    package func value(_ key: String) -> Node? { values[key] }

    package func location(of node: Node) -> SourceLocation {
        var location = node.location(in: displayPath, lineOffset: lineOffset)
        if let sourceText {
            location.column = ScalarColumns.characterColumn(line: location.line, scalarColumn: location.column, in: sourceText)
        }
        return location
    }

    /// Where the mapping itself starts, for "missing key" errors.
    package var mappingLocation: SourceLocation {
        mapping.first.map { location(of: $0.key) } ?? SourceLocation(file: displayPath, line: lineOffset + 1)
    }

    package mutating func error(_ message: String, at node: Node) {
        diagnostics.append(.error(message, at: location(of: node)))
    }

    package mutating func node(_ key: String) -> Node? {
        consumed.insert(key)
        guard let value = values[key] else { return nil }
        if case .scalar = value, value.null != nil, value.scalar?.style == .plain { return nil }
        return value
    }

    package mutating func string(_ key: String) -> (String, Node)? {
        guard let node = node(key) else { return nil }
        guard let scalar = node.scalar else {
            error("'\(key)' must be text", at: node)
            return nil
        }
        return (scalar.string, node)
    }

    package mutating func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard let value = node.bool else {
            error("'\(key)' must be true or false", at: node)
            return nil
        }
        return value
    }

    package mutating func int(_ key: String) -> Int? {
        guard let node = node(key) else { return nil }
        guard let value = node.wholeNumber else {
            error("'\(key)' must be a whole number", at: node)
            return nil
        }
        return value
    }

    package mutating func date(_ key: String) -> SiteDate? {
        guard let node = node(key) else { return nil }
        guard let text = node.scalar?.string, let date = SiteDate(parsing: text) else {
            if let text = node.scalar?.string, let impossible = SiteDate.impossibleDay(in: text) {
                error("'\(key)': \(impossible)", at: node)
                return nil
            }
            error("'\(key)' must be a date like 2026-05-04 or 2026-05-04T10:30:00Z", at: node)
            return nil
        }
        return date
    }

    /// A list of strings; a single string is accepted as a list of one.
    package mutating func strings(_ key: String) -> [(String, Node)] {
        guard let node = node(key) else { return [] }
        if let scalar = node.scalar { return [(scalar.string, node)] }
        guard let sequence = node.sequence else {
            error("'\(key)' must be a list", at: node)
            return []
        }
        var values: [(String, Node)] = []
        for item in sequence {
            if let scalar = item.scalar { values.append((scalar.string, item)) }
            else { error("each item of '\(key)' must be text", at: item) }
        }
        return values
    }

    /// A text field that must be present and non-empty; reported at the entry that lacks it.
    package mutating func requiredString(_ key: String, in entry: Node) -> String? {
        guard values[key] != nil else {
            error("missing '\(key)'", at: entry)
            return nil
        }
        guard let (value, node) = string(key) else {
            if values[key]?.scalar != nil { error("'\(key)' must not be empty", at: values[key]!) }
            return nil
        }
        if value.isBlank() {
            error("'\(key)' must not be empty", at: node)
            return nil
        }
        return value
    }

    /// A list of entries (mappings); reported when it is something else, or absent but required.
    package mutating func list(_ key: String, required: Bool) -> [Node] {
        guard let node = node(key) else {
            if required { diagnostics.append(.error("missing '\(key)' list", at: mappingLocation)) }
            return []
        }
        guard let sequence = node.sequence else {
            error("'\(key)' must be a list", at: node)
            return []
        }
        return Array(sequence)
    }

    /// Keys nobody read: likely typos, reported so they do not vanish silently.
    package func unknownKeysAsWarnings() -> [Diagnostic] {
        remaining().map { key, node in .warning("unknown key '\(key)' is ignored", at: location(of: key == "" ? node : keyNode(key) ?? node)) }
    }

    private func keyNode(_ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.key
    }

    /// Keys not read by any typed accessor, for free-form template parameters.
    package func remaining() -> [(String, Node)] {
        mapping.compactMap { key, value in
            guard let name = key.string, !consumed.contains(name) else { return nil }
            return (name, value)
        }
    }
}
