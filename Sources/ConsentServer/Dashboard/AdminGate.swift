import Foundation
import HTTPTypes
import Hummingbird

/// Who may see `/admin/`: a script with `Authorization: Bearer <token>`, or a browser with a live
/// session cookie from the login form. Without a token configured, nobody gets in either way.
struct AdminGate: Sendable {
    enum Access: Sendable {
        case bearer
        case session(AdminSession)

        var session: AdminSession? {
            if case .session(let session) = self { return session }
            return nil
        }
    }

    static let sessionCookie = "pigment_admin"
    /// The login form's double-submit token: there is no session yet to tie a CSRF token to.
    static let loginCookie = "pigment_admin_login"

    let token: String?
    let sessions: AdminSessions
    let throttle: LoginThrottle
    let now: @Sendable () -> Date

    var configured: Bool { !(token ?? "").isEmpty }

    func access(_ request: Request) -> Access? {
        guard let token, !token.isEmpty else { return nil }
        if let presented = BearerToken.presented(in: request.headers[.authorization]) {
            return ConstantTime.equal(presented, token) ? .bearer : nil
        }
        return sessions.session(request.cookies[Self.sessionCookie]?.value, now: now()).map { .session($0) }
    }

    func tokenMatches(_ presented: String) -> Bool {
        guard let token, !token.isEmpty else { return false }
        return ConstantTime.equal(presented, token)
    }

    /// A browser asking for a page goes to the login form; a script (JSON or no `Accept`) gets the
    /// API's 401, as before the dashboard existed.
    func refusal(_ request: Request) -> Response {
        if Self.wantsHTML(request) {
            return Response(status: .seeOther, headers: [.location: "/admin/login", .cacheControl: "no-store"])
        }
        return JSONResponse.json(401, ["error": "unauthorized", "detail": "send Authorization: Bearer <admin token>"],
                                 headers: [.wwwAuthenticate: "Bearer"])
    }

    static func wantsHTML(_ request: Request) -> Bool {
        guard request.headers[.authorization] == nil, let accept = request.headers[.accept] else { return false }
        return accept.lowercased().contains("text/html")
    }

    /// `Set-Cookie` values; Secure always (browsers accept it on http://localhost as well), Strict so
    /// no other site's link or form carries them.
    static func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); HttpOnly; Secure; SameSite=Strict; Path=/admin; Max-Age=\(maxAge)"
    }
}
