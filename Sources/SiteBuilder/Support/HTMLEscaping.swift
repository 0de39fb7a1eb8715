public extension String {
    /// Escapes text for HTML or XML element content and attribute values: `& < > " '`.
    /// Works on the UTF-8 bytes and returns the text itself when it holds none of them, as most do.
    var htmlEscaped: String {
        var text = self
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: { $0 < 0x40 && Self.escapes[Int($0)] != nil }) else { return self }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 16)
            escaped.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                if byte < 0x40, let replacement = Self.escapes[Int(byte)] {
                    escaped.append(contentsOf: replacement)
                } else {
                    escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
    }

    /// Replacements by byte value; every byte to escape is below 0x40.
    private static let escapes: [[UInt8]?] = (0..<0x40).map { byte -> [UInt8]? in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case UInt8(ascii: "'"): Array("&#39;".utf8)
        default: nil
        }
    }
}
