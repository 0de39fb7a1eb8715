/// Gives every heading of a page a stable, unique id: the heading's text lowercased with runs of
/// anything but letters and digits turned into one hyphen, as GitHub and Hugo do, then `-1`, `-2`
/// for repeats. The same text always gives the same id, so links people share keep working.
struct HeadingIDs {
    private var used: Set<String> = []
    /// For each repeated slug, the number its next repeat tries first, so the numbers taken are tried once
    /// (headings `A-1` … `A-8000` and then `A` 8,000 times would otherwise make the page quadratic).
    private var nextNumber: [String: Int] = [:]

    mutating func claim(for text: String) -> String {
        let slug = Self.slug(text)
        let base = slug.isEmpty ? "section" : slug
        var candidate = base
        if used.contains(base) {
            var number = nextNumber[base, default: 1]
            repeat {
                candidate = "\(base)-\(number)"
                number += 1
            } while used.contains(candidate)
            nextNumber[base] = number
        }
        used.insert(candidate)
        return candidate
    }

    static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue // "Don't" → "dont", not "don-t"
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }

    /// The same rule over bytes, for the usual all-ASCII heading (Unicode properties are slow to ask).
    private static func asciiSlug(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingHyphen && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                bytes.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
            case UInt8(ascii: "'"):
                continue
            default:
                pendingHyphen = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
