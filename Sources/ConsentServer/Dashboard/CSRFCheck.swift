import HTTPTypes
import Hummingbird

/// Every POST form of `/admin/` carries a token the server compares in constant time; the browser's
/// own word on where the request came from (`Sec-Fetch-Site`, `Origin`) is checked too when it is sent.
enum CSRFCheck {
    static let field = "csrf"
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    static func passes(_ request: Request, presented: String?, expected: String?) -> Bool {
        guard let presented, let expected, !expected.isEmpty, ConstantTime.equal(presented, expected) else { return false }
        return sameOrigin(request)
    }

    /// `Sec-Fetch-Site` is the browser's own word and holds behind a proxy that rewrites `Host`, so
    /// it decides when sent; older browsers send only `Origin`, compared with the host the request
    /// names (`Host`, or `X-Forwarded-Host` from a proxy).
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[secFetchSite] { return site.lowercased() == "same-origin" }
        guard let origin = request.headers[.origin] else { return true }
        guard let separator = origin.range(of: "://") else { return false }
        let originHost = origin[separator.upperBound...].lowercased()
        let hosts = [request.head.authority, request.headers[forwardedHost]].compactMap { $0?.lowercased() }
        return hosts.contains(originHost)
    }
}
