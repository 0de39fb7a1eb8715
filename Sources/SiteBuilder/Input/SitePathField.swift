import Foundation

/// Front-matter fields that name a path on the site: `aliases` / `redirect_from` (old URLs that
/// redirect to the page) and `permalink` / `url` (the page's own URL), as Hugo and Jekyll write them.
enum SitePathField {
    enum Outcome: Equatable {
        /// The site path, normalised: a path without a file extension ends in `/`, as pages' URLs do.
        case path(String)
        /// Left out, with a warning that says why.
        case skipped(String)
        case invalid(String)
    }

    /// An old URL of the page. `folder`: the URL of the page's folder (`/legal/`), which Hugo resolves
    /// a relative alias against; nil resolves it against the site root, as jekyll-redirect-from does.
    static func alias(_ written: String, key: String, folder: String?) -> Outcome {
        if written.contains("#") {
            let path = String(written[..<written.firstIndex(of: "#")!])
            return .skipped("\(key) entry '\(written)' is skipped: browsers never send the '#…' part to a server, so it cannot pick "
                            + "a redirect (\(path.isEmpty ? "the page itself" : "'\(path)'") is what a visitor's browser asks for)")
        }
        if written.contains("?") {
            return .skipped("\(key) entry '\(written)' is skipped: a static site is served by path alone, so the '?…' part "
                            + "cannot pick a redirect")
        }
        return path(written, key: key, relativeTo: folder ?? "/")
    }

    /// The page's own URL.
    static func permalink(_ written: String, key: String) -> Outcome {
        if written.contains("#") || written.contains("?") {
            return .invalid("\(key) '\(written)' must be a path without '#' or '?'")
        }
        if written.split(separator: "/").contains(where: { $0.hasPrefix(":") }) {
            return .invalid("\(key) '\(written)' uses placeholders like ':title', which pigment does not fill in: "
                            + "write the page's path, like /legal/privacy/")
        }
        return path(written, key: key, relativeTo: "/")
    }

    private static func path(_ written: String, key: String, relativeTo folder: String) -> Outcome {
        let trimmed = written.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .invalid("\(key) entries must not be empty") }
        if trimmed.hasPrefix("//") || trimmed.contains("://") {
            return .invalid("\(key) '\(written)' must be a path on this site, like /old-privacy/, not an address elsewhere")
        }
        let absolute = trimmed.hasPrefix("/") ? trimmed : folder + trimmed
        let segments = absolute.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == "." || $0 == ".." }) {
            return .invalid("\(key) '\(written)' must not hold '.' or '..' segments")
        }
        if absolute.contains("//") { return .invalid("\(key) '\(written)' must not hold an empty segment ('//')") }
        // `/old` is the folder page `/old/`, as pages' URLs are; `/old.html` is that file.
        if absolute.hasSuffix("/") || segments.last?.contains(".") == true { return .path(absolute) }
        return .path(absolute + "/")
    }
}
