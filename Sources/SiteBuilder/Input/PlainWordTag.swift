import Yams

/// The tag Yams's default resolver would give a plain word, where that can be told without its
/// regular expressions; `.implicit` (Yams decides when asked) otherwise.
enum PlainWordTag {
    static func of(_ text: UnsafeBufferPointer<UInt8>) -> Tag.Name {
        guard let first = text.first else { return .implicit }
        if first.isASCIILetter {
            // Only these short words resolve to a boolean or null; every other word is text.
            return text.count <= 5 && reservedWords.contains(String(decoding: text, as: UTF8.self)) ? .implicit : .str
        }
        if first.isASCIIDigit {
            if text.count == 10, isDate(text) { return .timestamp }
            if text.count <= 18, text.allSatisfy(\.isASCIIDigit), first != UInt8(ascii: "0") || text.count == 1 { return .int }
            return .implicit
        }
        // Numbers, dates, null (~), merge (<<) and value (=) start with one of these; anything else is text.
        return "+-.~<=".utf8.contains(first) ? .implicit : .str
    }

    private static let reservedWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    ]

    /// `2026-05-04`
    private static func isDate(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.enumerated().allSatisfy { index, byte in index == 4 || index == 7 ? byte == UInt8(ascii: "-") : byte.isASCIIDigit }
    }
}
