/// The folder part of a path: `legal/privacy/index.html` → `legal/privacy`, `d` → ``, `/d` → `/`.
///
/// Not `NSString.deletingLastPathComponent`: in the Foundation of Swift 6.3 on Linux it traps on a
/// one-character path, so removing the page `/d/` took `pigment serve` down with it.
enum ParentFolder {
    static func of(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }
}
