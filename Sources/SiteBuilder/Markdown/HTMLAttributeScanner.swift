import Foundation

/// Finds attribute values in a fragment of HTML (`href="/x/"`, `id='top'`, `name=top`), with their
/// position relative to the fragment's start. Not a full parser.
///
/// It jumps from `=` to `=` (`memchr`), and counts lines only up to the values it keeps: a loop
/// over every byte that stopped at `=` and line ends was 3.3% of a 10,000-page build's CPU (it scans
/// every page's final HTML, 60 MB), and following every tag's element name as well had made it twice
/// as slow again. The element is looked up, backwards, only for the rare attribute that needs it.
enum HTMLAttributeScanner {
    struct Found {
        var name: String
        var value: String
        /// Line within the fragment, from 0.
        var line: Int
        /// Column of the value within that line, from 0.
        var column: Int

        /// Whether the element is an `<a>`.
        var isInLink: Bool

        /// Whether an `#anchor` link can name it: any element's `id`, and an `<a>`'s `name` (older HTML,
        /// and what policies written for GitHub use).
        var isAnchorTarget: Bool { name == "id" || (name == "name" && isInLink) }
    }

    static func values(of names: Set<String>, in html: String) -> [Found] {
        // Names compared as lowercase bytes, so attributes that are not wanted cost no allocation.
        let wanted = names.map { Array($0.lowercased().utf8) }
        var html = html
        return html.withUTF8 { bytes in
            var found: [Found] = []
            var lines = LineCounter()
            var index = 0
            while let offset = CLibrary.firstOffset(of: UInt8(ascii: "="), in: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index...]))) {
                index += offset
                // An attribute starts after whitespace: ` name=`, then a quoted value or, inside a tag, a bare one.
                guard index + 1 < bytes.count else { break }
                let quoted = bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'")
                var nameStart = index
                while nameStart > 0, isNameByte(bytes[nameStart - 1]) { nameStart -= 1 }
                let name = nameStart > 0 && nameStart < index && isSpace(bytes[nameStart - 1])
                    ? wanted.first(where: { equalsIgnoringASCIICase(bytes[nameStart..<index], $0) }) : nil
                // A bare value counts only for a wanted attribute inside a tag; a quoted one is always
                // skipped whole, since an `=` inside it (`?a=b`) is not an attribute.
                guard quoted || (name != nil && tagStart(before: nameStart, in: bytes) != nil) else {
                    index += 1
                    continue
                }
                let valueStart = quoted ? index + 2 : index + 1
                var valueEnd = valueStart
                if quoted {
                    let quote = bytes[index + 1]
                    valueEnd = valueStart < bytes.count
                        ? CLibrary.firstOffset(of: quote, in: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[valueStart...]))).map { valueStart + $0 } ?? bytes.count
                        : bytes.count
                } else {
                    while valueEnd < bytes.count, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                }
                if let name {
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<min(valueEnd, bytes.count)]), as: UTF8.self)
                    let nameText = String(decoding: name, as: UTF8.self)
                    let isInLink = nameText == "name" && tagStart(before: nameStart, in: bytes).map { isLinkTag(at: $0, in: bytes) } == true
                    let (line, lineStart) = lines.advance(to: valueStart, in: bytes)
                    found.append(Found(name: nameText, value: decodeEntities(value), line: line, column: valueStart - lineStart, isInLink: isInLink))
                }
                index = quoted ? valueEnd + 1 : valueEnd
                guard index < bytes.count else { break }
            }
            return found
        }
    }

    /// Lines counted as far as the scan has needed them: only values it keeps need a line.
    private struct LineCounter {
        private var countedTo = 0
        private var line = 0
        private var lineStart = 0

        /// The line holding `position` (from 0), and where that line starts.
        mutating func advance(to position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, lineStart: Int) {
            while countedTo < position,
                  let offset = CLibrary.firstOffset(of: UInt8(ascii: "\n"), in: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[countedTo..<position]))) {
                line += 1
                lineStart = countedTo + offset + 1
                countedTo = lineStart
            }
            countedTo = Swift.max(countedTo, position)
            return (line, lineStart)
        }
    }

    /// Where the tag holding the attribute at `position` opens (its `<`), looking back no further than
    /// a `>`; nil when the position is in text, not in a tag.
    private static func tagStart(before position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = position - 1
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ">") { return nil }
            if bytes[index] == UInt8(ascii: "<") { return index }
            index -= 1
        }
        return nil
    }

    /// Whether the tag opening at `start` is an `<a>`.
    private static func isLinkTag(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        start + 2 < bytes.count && bytes[start + 1] | 0x20 == UInt8(ascii: "a") && !isNameByte(bytes[start + 2])
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
