/// Small URL path helpers shared by the link resolver and the link checker.
enum LinkTarget {
    /// Links with a scheme (`https:`, `mailto:`) or protocol-relative ones leave the site.
    static func isExternal(_ link: String) -> Bool {
        // Over bytes: this runs for every link of every page. A scheme is ASCII (RFC 3986, section 3.1).
        let bytes = link.utf8
        if bytes.starts(with: "//".utf8) { return true }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = bytes[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    /// `a/b.md?x#y` → (`a/b.md`, `?x#y`).
    static func splitPath(_ link: String) -> (path: String, suffix: String) {
        guard let index = link.utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) else { return (link, "") }
        return (String(link[..<index]), String(link[index...]))
    }

    /// `legal/terms.md` → `legal/`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Resolves `.` and `..` segments; keeps a trailing slash.
    static func normalize(_ path: String) -> String {
        // Most links have no `.` segment and no doubled slash: nothing to resolve (checked over bytes, as
        // this runs for every link of every page).
        if !path.hasPrefix("/"), !path.hasPrefix("."), !path.containsBytes("/."), !path.containsBytes("//") { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }
}
