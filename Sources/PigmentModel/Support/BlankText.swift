import Foundation

extension String {
    /// Whether the text is empty or white space only (with `newlines`, line breaks count as white space).
    /// Foundation's `trimmingCharacters` costs as much as reading a page's front matter, so plain ASCII
    /// text is checked byte by byte and only other text is handed to Foundation.
    package func isBlank(countingNewlines newlines: Bool = false) -> Bool {
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || (newlines && ($0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C)) }
        }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces).isEmpty
    }
}
