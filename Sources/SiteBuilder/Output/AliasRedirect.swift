/// The small page left at an alias (an old URL): a meta refresh for browsers and a canonical
/// link for search engines, so links to the old address keep working without server rules.
enum AliasRedirect {
    static func html(target: String, permalink: String, language: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.htmlEscaped)">
        <head>
        <meta charset="utf-8">
        <title>Redirecting to \(target.htmlEscaped)</title>
        <link rel="canonical" href="\(permalink.htmlEscaped)">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(target.htmlEscaped)">
        </head>
        <body>
        <p>This page has moved to <a href="\(target.htmlEscaped)">\(permalink.htmlEscaped)</a>.</p>
        </body>
        </html>

        """
    }
}
