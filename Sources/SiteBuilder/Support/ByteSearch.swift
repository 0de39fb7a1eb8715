#if canImport(Glibc)
import Glibc
#endif

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
                      let found = memchr(text.baseAddress! + offset, Int32(first), text.count - offset - wanted.count + 1) {
                    let position = text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(found, wanted.baseAddress!, wanted.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
