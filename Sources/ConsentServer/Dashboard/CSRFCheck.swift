import HTTPTypes
import Hummingbird

/// Every POST form of `/admin/` carries a token the server compares in constant time; the browser's
/// own word on where the request came from (`Sec-Fetch-Site`, `Origin`) is checked too when it is sent.
enum CSRFCheck {
    static let field = "csrf"
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    static func passes(_ request: Request, presented: String?, expected: String?) -> Bool {
        guard let presented, let expected, !expected.isEmpty, ConstantTime.equal(presented, expected) else { return false }
        return sameOrigin(request)
    }

    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[secFetchSite]?.lowercased(), site != "same-origin" { return false }
        if let origin = request.headers[.origin] {
            // `scheme://host[:port]` must name this server as the browser reached it (its Host header).
            guard let host = request.head.authority?.lowercased(), let separator = origin.range(of: "://") else { return false }
            return origin[separator.upperBound...].lowercased() == host
        }
        return true
    }
}
