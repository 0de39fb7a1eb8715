import PigmentModel

/// Which browser origins besides the server's own may call the consent API: a site on a CDN
/// (`https://www.example.com`) whose banner posts to the API on its own origin
/// (`https://consent.example.com`). Each is compared exactly with the `Origin` header browsers send.
public struct CrossOriginPolicy: Sendable, Equatable {
    /// As browsers write them (`WebOrigin`): lowercase, no default port, no path.
    public let allowedOrigins: [String]

    /// Origins are taken in `WebOrigin`'s spelling when they parse, as given otherwise (they then match nothing a browser sends).
    public init(allowedOrigins: [String]) {
        var seen = Set<String>()
        self.allowedOrigins = allowedOrigins.map { (try? WebOrigin(parsing: $0))?.description ?? $0 }.filter { seen.insert($0).inserted }
    }

    public func allows(_ origin: String) -> Bool { allowedOrigins.contains(origin) }

    /// What a preflight allows: the API's methods, and the one header the banner sets (`Content-Type: application/json`
    /// makes its POSTs non-simple; `Sec-GPC` is the browser's own and needs no permission).
    static let allowedMethods = "GET, POST, DELETE, OPTIONS"
    static let allowedHeaders = "Content-Type"
    /// Seconds a browser may reuse a preflight's answer (Chromium caps it at 7200).
    static let maxAge = 600
}
