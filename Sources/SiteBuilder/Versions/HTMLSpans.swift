/// The edits the policy diff makes to a block's HTML before comparing it, each in one forward pass.
/// Regular expressions did the same (`<[^>]*>`, `\s+id="[^"]*"`, `<a …>.*?</a>`) in time that grew with
/// the square of a run of `<` without `>` or of spaces: 200,000 of them took minutes.
enum HTMLSpans {
    /// `html` without each span from `open` to the next `close`, both included; an `open` with no
    /// `close` after it stays, as the text it is.
    static func removing(from open: String, to close: String, in html: String) -> String {
        guard html.utf8.contains(open.utf8.first!) else { return html }
        let bytes = Array(html.utf8), openBytes = Array(open.utf8), closeBytes = Array(close.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        // Once no `close` is left, no later `open` has one either: not searched again.
        var closeLeft = true
        while index < bytes.count {
            if closeLeft, matches(openBytes, in: bytes, at: index) {
                if let end = firstIndex(of: closeBytes, in: bytes, from: index + openBytes.count) {
                    index = end + closeBytes.count
                    continue
                }
                closeLeft = false
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `html` without its ` id="…"` attributes (and the spacing before them).
    static func removingIDs(_ html: String) -> String {
        guard html.utf8.contains(UInt8(ascii: "=")) else { return html }
        let bytes = Array(html.utf8), attribute = Array(#"id=""#.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        var quoteLeft = true
        while index < bytes.count {
            // At `id="` right after spacing: drop the spacing already copied, then the attribute.
            if quoteLeft, matches(attribute, in: bytes, at: index), let last = result.last, isSpace(last) {
                if let quote = bytes[(index + attribute.count)...].firstIndex(of: UInt8(ascii: "\"")) {
                    while let last = result.last, isSpace(last) { result.removeLast() }
                    index = quote + 1
                    continue
                }
                quoteLeft = false
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `html` with each tag (`<` to the next `>`) replaced by `replacement`; a `<` with no `>` after it stays.
    static func replacingTags(in html: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            // No `>` after this `<`: none after any later one either, so the rest is text.
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            result += rest[..<open]
            result += replacement
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private static func matches(_ needle: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        index + needle.count <= bytes.count && bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle)
    }

    /// Where `needle` next starts at or after `start`, or nil.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if matches(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}
