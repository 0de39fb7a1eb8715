import Foundation

/// The API's JSON, written by hand: objects with their keys sorted (so answers read the same way
/// each time) and slashes left alone. `JSONSerialization` with `.sortedKeys` sorts through ICU
/// collation, which was a third of the server's time per request.
enum JSONText {
    static func encode(_ value: Any) -> String {
        var text = ""
        write(value, into: &text)
        return text
    }

    /// `{"category":true,…}` with sorted keys, without boxing each flag in `Any`.
    static func encode(_ flags: [String: Bool]) -> String {
        var text = ""
        write(flags, into: &text)
        return text
    }

    static func write(_ flags: [String: Bool], into text: inout String) {
        text += "{"
        for (index, key) in sortedKeys(flags.keys).enumerated() {
            if index > 0 { text += "," }
            writeString(key, into: &text)
            text += flags[key]! ? ":true" : ":false"
        }
        text += "}"
    }

    private static func write(_ value: Any, into text: inout String) {
        switch value {
        case let string as String:
            writeString(string, into: &text)
        case let bool as Bool:
            text += bool ? "true" : "false"
        case let int as Int:
            text += String(int)
        case let double as Double:
            // Whole numbers print without a fraction, as JSONSerialization prints them.
            text += double.rounded() == double && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let object as [String: Any]:
            text += "{"
            for (index, key) in sortedKeys(object.keys).enumerated() {
                if index > 0 { text += "," }
                writeString(key, into: &text)
                text += ":"
                write(object[key]!, into: &text)
            }
            text += "}"
        case let array as [Any]:
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += "," }
                write(element, into: &text)
            }
            text += "]"
        default:
            text += "null"
        }
    }

    /// Keys in the order of their UTF-8 bytes: a total order whatever the keys' Unicode normalization.
    /// `String`'s own `<` is not one across NFC and NFD text (fuzzing found `"café]"` and a decomposed
    /// `"café"` sorted one way or the other by the order they came in), so answers could differ run to run.
    /// For ASCII keys, the usual case, the two orders agree.
    static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func writeString(_ string: String, into text: inout String) {
        text += "\""
        // Most strings (ids, versions, paths) need no escaping: append them whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += string
            text += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
