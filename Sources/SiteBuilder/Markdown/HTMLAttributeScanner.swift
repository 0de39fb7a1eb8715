import Foundation

/// Finds attribute values in a fragment of HTML (`href="/x/"`, `id='top'`, `name=top`), with their
/// position relative to the fragment's start and the element they belong to. Not a full parser.
enum HTMLAttributeScanner {
    struct Found {
        var name: String
        var value: String
        /// The element's name, lowercase (`a`).
        var element: String
        /// Line within the fragment, from 0.
        var line: Int
        /// Column of the value within that line, from 0.
        var column: Int

        /// Whether an `#anchor` link can name it: any element's `id`, and an `<a>`'s `name` (older HTML,
        /// and what policies written for GitHub use).
        var isAnchorTarget: Bool { name == "id" || (name == "name" && element == "a") }
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
            // The element of the tag being read: the name after the last `<`.
            var element = 0..<0
            // Inside a tag (between `<name` and `>`): unquoted values are read there only, since text
            // such as `<code>href=x</code>` is not an attribute.
            var inTag = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { line += 1; lineStart = index + 1; index += 1; continue }
                if byte == UInt8(ascii: "<") {
                    var end = index + 1
                    while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                    if end > index + 1 { element = index + 1..<end; inTag = true }
                    index = end
                    continue
                }
                if byte == UInt8(ascii: ">") { inTag = false; index += 1; continue }
                // An attribute starts after whitespace: ` name=`, then its value, quoted or not.
                guard byte == UInt8(ascii: "="), index + 1 < bytes.count, !isSpace(bytes[index + 1]),
                      bytes[index + 1] != UInt8(ascii: ">") else {
                    index += 1
                    continue
                }
                var nameStart = index
                while nameStart > 0, isNameByte(bytes[nameStart - 1]) { nameStart -= 1 }
                let quoted = bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'")
                guard quoted || inTag else {
                    index += 1
                    continue
                }
                let valueStart = quoted ? index + 2 : index + 1
                var valueEnd = valueStart
                if quoted {
                    let quote = bytes[index + 1]
                    while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                } else {
                    while valueEnd < bytes.count, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                }
                if nameStart > 0, isSpace(bytes[nameStart - 1]), nameStart < index,
                   let name = wanted.first(where: { equalsIgnoringASCIICase(bytes[nameStart..<index], $0) }) {
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    let elementName = String(decoding: UnsafeBufferPointer(rebasing: bytes[element]), as: UTF8.self).lowercased()
                    found.append(Found(name: String(decoding: name, as: UTF8.self), value: decodeEntities(value), element: elementName,
                                       line: line, column: valueStart - lineStart))
                }
                for position in valueStart..<valueEnd where bytes[position] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = position + 1
                }
                index = quoted ? valueEnd + 1 : valueEnd
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
