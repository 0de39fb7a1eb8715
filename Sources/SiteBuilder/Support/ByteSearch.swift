extension String {
    /// Whether `needle` occurs in the text, comparing UTF-8 bytes. Foundation's `contains` goes
    /// through NSString and ICU, which costs more than parsing the Markdown it guards.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self, needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { wanted in
                guard let first = wanted.first else { return true }
                var offset = 0
                // memchr finds each candidate first byte at machine speed; the rest is compared there.
                while offset + wanted.count <= text.count,
                      let found = CLibrary.firstOffset(of: first, in: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[offset...(text.count - wanted.count)]))) {
                    let position = offset + found
                    if CLibrary.sameBytes(text.baseAddress! + position, wanted.baseAddress!, count: wanted.count) { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
