/// A web origin (scheme, host and port) written as browsers write it in the `Origin` header:
/// `https://www.example.com`, `http://127.0.0.1:8081`. The consent server compares `Origin` with
/// these as text, so each is kept in that one spelling: lowercase, without the scheme's default port.
/// Shared by the server's `--allowed-origin` and the site's `consent.endpoint`, so both mean the same.
public struct WebOrigin: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    /// Why a text is not an origin, said so the person who wrote it knows what to write instead.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let value: String
        public let reason: String
        public var description: String { "'\(value)' is not an origin: \(reason) (write it like https://www.example.com)" }

        public init(value: String, reason: String) {
            self.value = value
            self.reason = reason
        }
    }

    /// `http(s)://host[:port]` and nothing more: a path, query, fragment or user name would never
    /// match an `Origin` header. `allowingTrailingSlash` accepts the lone `/` of a URL written by hand.
    public init(parsing text: String, allowingTrailingSlash: Bool = false) throws(Invalid) {
        func invalid(_ reason: String) -> Invalid { Invalid(value: text, reason: reason) }
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" }
        else if lower.hasPrefix("http://") { scheme = "http" }
        else { throw invalid("it must start with http:// or https://") }
        var rest = Substring(lower.dropFirst(scheme.count + 3))
        if allowingTrailingSlash, rest.hasSuffix("/"), rest.firstIndex(of: "/") == rest.index(before: rest.endIndex) { rest = rest.dropLast() }
        if let end = rest.firstIndex(where: { "/?#".contains($0) }) {
            throw invalid(rest[end] == "/" ? "it has a path ('\(rest[end...])'); an origin ends after the host and port"
                                           : "it has a query or fragment ('\(rest[end...])')")
        }
        if rest.contains("@") { throw invalid("it names a user") }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("its IPv6 address has no closing ']'") }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("something follows its IPv6 address") }
                port = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            port = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw invalid("it has no host") }
        if !host.hasPrefix("[") {
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else {
                throw invalid(host.contains("*") ? "wildcards are not accepted; name each origin" : "its host '\(host)' has characters a host name cannot have")
            }
            guard !host.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw invalid("its host '\(host)' has an empty label")
            }
        }
        var written = "\(scheme)://\(host)"
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65535).contains(number) else {
                throw invalid("its port '\(port)' is not a number from 1 to 65535")
            }
            if number != (scheme == "https" ? 443 : 80) { written += ":\(number)" }
        }
        description = written
    }
}
