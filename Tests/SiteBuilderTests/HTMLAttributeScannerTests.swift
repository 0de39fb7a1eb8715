import Testing
@testable import SiteBuilder

/// The scanner finds the ids and links of every page's final HTML for the link check, and the links in
/// a page's raw HTML with their line and column for messages.
@Suite("HTML attribute scanner")
struct HTMLAttributeScannerTests {
    @Test func findsWantedAttributesWithTheirLineAndColumn() {
        let html = "<p>text</p>\n<a href=\"/a/\" name=top>\n  <img SRC='/i.png' alt=\"x=y\">\n<h2 id=\"t&amp;c\">"
        let found = HTMLAttributeScanner.values(of: ["href", "src", "id", "name"], in: html)
        #expect(found.map(describe) == [
            "href=/a/ @1:9", "name=top @1:19 link", "src=/i.png @2:12", "id=t&c @3:8",
        ])
    }

    @Test func skipsEqualsSignsInTextAndInOtherValues() {
        let html = "a = b <a title=\"href=/no/\" data-x='id=no'> x=1 href=\"/yes/\""
        #expect(HTMLAttributeScanner.values(of: ["href", "id"], in: html).map(describe) == ["href=/yes/ @0:53"])
    }

    /// The scanner jumps from `=` to `=` and counts lines lazily; the byte-by-byte loop it replaced is
    /// kept below as the reference, and both must agree on any input.
    @Test func agreesWithTheByteByByteReferenceOnGeneratedFragments() {
        let pieces = ["<a ", "<A ", "<div ", "<img ", " href", " HREF", " id", " name", " src", " alt", "href", "=", "=", "\"", "'",
                      " ", "\n", "\n", "\r\n", "\t", ">", "<", "x", "/page/", "?a=b", "&amp;", "é", "#top", "</a>"]
        var generator = SplitMix(seed: 0x5eed)
        for _ in 0..<3_000 {
            let html = (0..<Int(generator.next() % 40)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let names: Set<String> = ["href", "src", "id", "name"]
            let scanned = HTMLAttributeScanner.values(of: names, in: html).map(describe)
            let reference = ReferenceScanner.values(of: names, in: html).map(describe)
            #expect(scanned == reference, "\(html.debugDescription)")
            if scanned != reference { return }
        }
    }

    private func describe(_ found: HTMLAttributeScanner.Found) -> String {
        "\(found.name)=\(found.value) @\(found.line):\(found.column)\(found.isInLink ? " link" : "")"
    }
}

/// The scanner as it was: one loop over every byte, stopping at `=` and line ends.
private enum ReferenceScanner {
    static func values(of names: Set<String>, in html: String) -> [HTMLAttributeScanner.Found] {
        let wanted = names.map { Array($0.lowercased().utf8) }
        var html = html
        return html.withUTF8 { bytes in
            var found: [HTMLAttributeScanner.Found] = []
            var index = 0
            var line = 0
            var lineStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { line += 1; lineStart = index + 1; index += 1; continue }
                guard byte == UInt8(ascii: "="), index + 1 < bytes.count else {
                    index += 1
                    continue
                }
                let quoted = bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'")
                var nameStart = index
                while nameStart > 0, isNameByte(bytes[nameStart - 1]) { nameStart -= 1 }
                let name = nameStart > 0 && nameStart < index && isSpace(bytes[nameStart - 1])
                    ? wanted.first(where: { equalsIgnoringASCIICase(bytes[nameStart..<index], $0) }) : nil
                guard quoted || (name != nil && tagStart(before: nameStart, in: bytes) != nil) else {
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
                if let name {
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<min(valueEnd, bytes.count)]), as: UTF8.self)
                    let nameText = String(decoding: name, as: UTF8.self)
                    let isInLink = nameText == "name" && tagStart(before: nameStart, in: bytes).map { isLinkTag(at: $0, in: bytes) } == true
                    found.append(HTMLAttributeScanner.Found(name: nameText, value: HTMLAttributeScanner.decodeEntities(value), line: line,
                                                            column: valueStart - lineStart, isInLink: isInLink))
                }
                for position in valueStart..<min(valueEnd, bytes.count) where bytes[position] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = position + 1
                }
                index = quoted ? valueEnd + 1 : valueEnd
            }
            return found
        }
    }

    private static func tagStart(before position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = position - 1
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ">") { return nil }
            if bytes[index] == UInt8(ascii: "<") { return index }
            index -= 1
        }
        return nil
    }

    private static func isLinkTag(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        start + 2 < bytes.count && bytes[start + 1] | 0x20 == UInt8(ascii: "a") && !isNameByte(bytes[start + 2])
    }

    private static func equalsIgnoringASCIICase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        return zip(bytes, lowercase).allSatisfy { byte, expected in (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
}
