/// The `Domain` of the choice cookie (`--cookie-domain example.com`): with the API on
/// consent.example.com and the pages on www.example.com, the cookie the API sets must be one the
/// pages' script can read. Without it the cookie stays host-only.
public enum CookieDomain {
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let value: String
        public let reason: String
        public var description: String { "'\(value)' is not a cookie domain: \(reason) (write a host name like example.com)" }
    }

    /// A host name, lowercased; RFC 6265's leading dot (`.example.com`) is dropped as browsers drop it.
    public static func parse(_ text: String) throws(Invalid) -> String {
        func invalid(_ reason: String) -> Invalid { Invalid(value: text, reason: reason) }
        var name = Substring(text.lowercased())
        if name.hasPrefix(".") { name = name.dropFirst() }
        if name.contains("://") { throw invalid("it has a scheme") }
        if name.contains("/") { throw invalid("it has a path") }
        if name.contains(":") { throw invalid("it has a port (cookies are shared across ports anyway)") }
        guard !name.isEmpty, name.utf8.count <= 253 else { throw invalid("a host name has 1 to 253 characters") }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63 else { throw invalid("each dot-separated part has 1 to 63 characters") }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw invalid("'\(label)' is not a host name label (letters, digits and inner hyphens)")
            }
        }
        return String(name)
    }
}
