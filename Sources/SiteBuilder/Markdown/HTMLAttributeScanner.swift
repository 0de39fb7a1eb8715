import Foundation

/// Finds attribute values in a fragment of HTML (`href="/x/"`, `id='top'`), with their position
/// relative to the fragment's start. Not a full parser: it needs only quoted attribute values.
enum HTMLAttributeScanner {
    struct Found {
        var name: String
        var value: String
        /// Line within the fragment, from 0.
        var line: Int
        /// Column of the value within that line, from 0.
        var column: Int

        var isID: Bool { name == "id" }
    }

    static func values(of names: Set<String>, in html: String) -> [Found] {
        // Names compared as lowercase bytes, so attributes that are not wanted cost no allocation.
        let wanted = names.map { Array($0.lowercased().utf8) }
        var html = html
        return html.withUTF8 { bytes in
            var found: [Found] = []
            var index = 0
            var line = 0
            var lineStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { line += 1; lineStart = index + 1; index += 1; continue }
                // An attribute starts after whitespace: ` name=` then a quote.
                guard byte == UInt8(ascii: "="), index + 1 < bytes.count,
                      bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'") else {
                    index += 1
                    continue
                }
                var nameStart = index
                while nameStart > 0, isNameByte(bytes[nameStart - 1]) { nameStart -= 1 }
                let quote = bytes[index + 1]
                let valueStart = index + 2
                var valueEnd = valueStart
                while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                if nameStart > 0, isSpace(bytes[nameStart - 1]),
                   let name = wanted.first(where: { equalsIgnoringASCIICase(bytes[nameStart..<index], $0) }) {
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    found.append(Found(name: String(decoding: name, as: UTF8.self), value: decodeEntities(value),
                                       line: line, column: valueStart - lineStart))
                }
                for position in valueStart..<valueEnd where bytes[position] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = position + 1
                }
                index = valueEnd + 1
            }
            return found
        }
    }

    private static func equalsIgnoringASCIICase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        return zip(bytes, lowercase).allSatisfy { byte, expected in
            (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// The few entities that appear in URLs and ids (`&amp;` in query strings).
    static func decodeEntities(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "&")) else { return value }
        return value.replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
