import Foundation
import HTTPTypes
import Hummingbird

/// `GET/POST /admin/login` and `POST /admin/logout`: the admin token, typed once into a form, becomes
/// a session cookie (HttpOnly, Secure, SameSite=Strict, Path=/admin) so the browser never holds the
/// token itself. Failed attempts are limited per client address.
struct LoginRoutes: Sendable {
    typealias Context = ConsentRequestContext
    let gate: AdminGate

    func add(to router: Router<Context>) {
        router.get("admin/login") { request, _ in
            if gate.access(request)?.session != nil { return Self.redirect("/admin/") }
            return loginPage(.ok, request: request)
        }
        router.post("admin/login") { request, context in await login(request, client: context.clientKey) }
        router.post("admin/logout") { request, _ in await logout(request) }
    }

    private func login(_ request: Request, client: String) async -> Response {
        let now = gate.now()
        guard !gate.throttle.isBlocked(client, now: now) else {
            return AdminPage.message(.tooManyRequests, title: "Too many attempts",
                                     detail: "Too many wrong tokens from this address; try again in a minute.",
                                     link: ("/admin/login", "Back to the login form"), headers: [.retryAfter: "60"])
        }
        guard let fields = await FormBody.read(request) else {
            return AdminPage.message(.badRequest, title: "Not a login form", detail: "Send the login form (at most \(FormBody.maximumSize) bytes).",
                                     link: ("/admin/login", "Back to the login form"))
        }
        guard CSRFCheck.passes(request, presented: fields[CSRFCheck.field], expected: request.cookies[AdminGate.loginCookie]?.value) else {
            return Self.forbidden(session: nil)
        }
        guard gate.tokenMatches(fields["token"] ?? "") else {
            gate.throttle.failed(client, now: now)
            return loginPage(.unauthorized, request: request, problem: "That is not the admin token.", headers: [.wwwAuthenticate: "Bearer"])
        }
        let session = gate.sessions.start(now: now)
        var headers: HTTPFields = [.location: "/admin/", .cacheControl: "no-store"]
        headers.append(HTTPField(name: .setCookie, value: AdminGate.cookie(AdminGate.sessionCookie, session.id, maxAge: Int(gate.sessions.lifetime))))
        headers.append(HTTPField(name: .setCookie, value: AdminGate.cookie(AdminGate.loginCookie, "", maxAge: 0)))
        return Response(status: .seeOther, headers: headers)
    }

    private func logout(_ request: Request) async -> Response {
        guard let session = gate.access(request)?.session else { return Self.signedOut() }
        let fields = await FormBody.read(request)
        guard CSRFCheck.passes(request, presented: fields?[CSRFCheck.field], expected: session.csrfToken) else {
            return Self.forbidden(session: session)
        }
        gate.sessions.end(session.id)
        return Self.signedOut()
    }

    /// The form, with a fresh double-submit token (or the browser's own, after a wrong token).
    private func loginPage(_ status: HTTPResponse.Status, request: Request, problem: String? = nil, headers extra: HTTPFields = [:]) -> Response {
        let existing = request.cookies[AdminGate.loginCookie]?.value ?? ""
        let loginToken = existing.count == 64 && existing.allSatisfy(\.isHexDigit) ? existing : RandomToken.make()
        var main = "<h1>Sign in</h1>\n"
        if let problem { main += "<p class=\"notice\" role=\"alert\">\(HTMLText.escape(problem))</p>\n" }
        if !gate.configured {
            main += "<p class=\"notice\">No admin token is configured on this server (--admin-token-file or PIGMENT_ADMIN_TOKEN), so nobody can sign in.</p>\n"
        }
        main += """
        <form class="login" method="post" action="/admin/login">
        <input type="hidden" name="\(CSRFCheck.field)" value="\(loginToken)">
        <label for="token">Admin token</label>
        <input type="password" id="token" name="token" autocomplete="off" required>
        <button type="submit">Sign in</button>
        </form>
        """
        var headers = extra
        headers.append(HTTPField(name: .setCookie, value: AdminGate.cookie(AdminGate.loginCookie, loginToken, maxAge: 3600)))
        return AdminPage.response(status, AdminPage.html(title: "Sign in", main: main), headers: headers)
    }

    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    private static func signedOut() -> Response {
        redirect("/admin/login", headers: [.setCookie: AdminGate.cookie(AdminGate.sessionCookie, "", maxAge: 0)])
    }

    static func forbidden(session: AdminSession?) -> Response {
        AdminPage.message(.forbidden, title: "Form refused",
                          detail: "This form's security token is missing, wrong or expired, or it was sent from another site. Nothing was done.",
                          session: session, link: ("/admin/login", "Go to the login form"))
    }
}
