import HTTPTypes
import Hummingbird

/// The admin pages' shell and headers: the site's look from the server's own stylesheet, no script,
/// nothing from another origin, never cached, never framed.
enum AdminPage {
    static let stylesheetPath = "/admin/dashboard.css"
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func response(_ status: HTTPResponse.Status, _ html: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff"]
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A whole page; `main` is HTML already escaped. A signed-in page carries the logout form.
    static func html(title: String, main: String, session: AdminSession? = nil) -> String {
        var logout = ""
        if let session {
            logout = """
            <form class="logout" method="post" action="/admin/logout">\
            <input type="hidden" name="\(CSRFCheck.field)" value="\(HTMLText.escape(session.csrfToken))">\
            <button type="submit">Sign out</button></form>

            """
        }
        return shell(title: "\(HTMLText.escape(title)) · Pigment Studio admin", stylesheet: stylesheetPath,
                     brand: "<a href=\"/admin/\">Pigment Studio <span>admin</span></a>", header: logout, main: main)
    }

    /// The document every page of this server has (the admin pages, the visitor's receipt page): the
    /// arguments are HTML already escaped.
    static func shell(title: String, stylesheet: String, brand: String, header: String = "", main: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(title)</title>
        <link rel="stylesheet" href="\(stylesheet)">
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="admin-header">
        <p class="brand">\(brand)</p>
        \(header)</header>
        <main id="main" tabindex="-1">
        \(main)
        </main>
        </body>
        </html>

        """
    }

    /// A page that only says what went wrong (a bad range, a refused form, too many attempts).
    static func message(_ status: HTTPResponse.Status, title: String, detail: String, session: AdminSession? = nil,
                        link: (href: String, text: String)? = nil, headers: HTTPFields = [:]) -> Response {
        var main = "<h1>\(HTMLText.escape(title))</h1>\n<p class=\"notice\" role=\"alert\">\(HTMLText.escape(detail))</p>"
        if let link { main += "\n<p><a href=\"\(HTMLText.escape(link.href))\">\(HTMLText.escape(link.text))</a></p>" }
        return response(status, html(title: title, main: main, session: session), headers: headers)
    }
}
