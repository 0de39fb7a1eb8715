/// Counts the elements in a fragment of raw HTML by their opening tags (`<div`, `<span`); closing
/// tags, comments (`<!-- markdownlint-disable -->`) and declarations are not content a reader misses.
enum RawHTMLElements {
    static func count(in html: String) -> Int {
        let bytes = Array(html.utf8)
        var count = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { index += 1; continue }
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                index = endOfComment(in: bytes, from: index + 4)
                continue
            }
            let next = bytes[index + 1]
            if (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) { count += 1 }
            index += 1
        }
        return count
    }

    /// The position after `-->`, or the end of an unclosed comment.
    private static func endOfComment(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
            index += 1
        }
        return bytes.count
    }
}
