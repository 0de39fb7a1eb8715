/// Gives every heading of a page a stable, unique id: the heading's text lowercased with runs of
/// anything but letters and digits turned into one hyphen, as GitHub and Hugo do, then `-1`, `-2`
/// for repeats. The same text always gives the same id, so links people share keep working.
struct HeadingIDs {
    private var used: [String: Int] = [:]

    mutating func claim(for text: String) -> String {
        let base = Self.slug(text).isEmpty ? "section" : Self.slug(text)
        var candidate = base
        while let count = used[candidate] {
            used[candidate] = count + 1
            candidate = "\(base)-\(count)"
        }
        used[candidate] = 1
        return candidate
    }

    static func slug(_ text: String) -> String {
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
}
