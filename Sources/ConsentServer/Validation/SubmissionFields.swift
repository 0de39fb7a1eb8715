import PigmentModel

/// The one check of each field a choice can carry, whichever shape it came in (our JSON, the
/// no-JavaScript form, vanilla-cookieconsent's cookie): the same limits, no control characters, and
/// an unknown value refused rather than read as something else.
enum SubmissionFields {
    /// Versions are names like `2026-05-04` or `v3.1`: printable ASCII, no spaces at either end.
    static let maximumVersionLength = 64

    static func policyVersion(_ text: String?, field: String = "policyVersion") throws(SubmissionError) -> String? {
        try version(text, field: field)
    }

    /// A third-party banner's own configuration counter (vanilla-cookieconsent's `revision`): the same
    /// limits as a version, kept in its own field because it says nothing about which policy was shown.
    static func clientRevision(_ text: String?, field: String = "revision") throws(SubmissionError) -> String? {
        try version(text, field: field)
    }

    private static func version(_ text: String?, field: String) throws(SubmissionError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        let bytes = text.utf8
        guard bytes.count <= maximumVersionLength, bytes.allSatisfy({ (0x20...0x7E).contains($0) }),
              bytes.first != 0x20, bytes.last != 0x20 else {
            throw .invalid("'\(field)' must be at most \(maximumVersionLength) printable ASCII characters")
        }
        return text
    }

    /// A consent id as the log keeps it (32 lowercase hex digits); a UUID or upper case is normalised.
    static func consentID(_ text: String?) throws(SubmissionError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = ConsentID.normalized(text) else {
            throw SubmissionError(status: 400, code: "invalid_consent_id", detail: "consentId must be 32 hex digits or a UUID")
        }
        return id
    }

    /// A path on this site only (`/x/`), never `//host` or `https://…`, without its query.
    static func pagePath(_ text: String?, field: String) throws(SubmissionError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let path = ConsentSubmissionParser.sameSitePath(text) else { throw .invalid("'\(field)' must be a site path like /legal/privacy/") }
        return path
    }

    /// Longest page URL read: browsers keep longer ones, but only the path (at most 512 characters) is stored.
    static let maximumURLLength = 2048

    /// The page a third-party banner names: a site path, or a full http(s) URL of this site (`location.href`),
    /// stored as its path alone, without query or fragment. With no site origin configured the host
    /// cannot be checked, so only the path is taken; with one, a URL on another host is refused.
    static func pageLocation(_ text: String?, field: String, siteOrigin: String?) throws(SubmissionError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= maximumURLLength else { throw .invalid("'\(field)' may be at most \(maximumURLLength) bytes") }
        var path = Substring(text)
        if let rest = afterHTTPScheme(text) {
            let end = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
            let authority = rest[..<end]
            guard !authority.isEmpty, authority.utf8.allSatisfy(isAuthorityByte) else {
                throw .invalid("'\(field)' must be a site path like /legal/privacy/ or a URL of this site")
            }
            if let siteOrigin, let site = afterHTTPScheme(siteOrigin) {
                let siteAuthority = site.prefix { $0 != "/" }
                guard authority.lowercased() == siteAuthority.lowercased() else {
                    throw .invalid("'\(field)' must be a page of this site, not of \(authority)")
                }
            }
            path = rest[end...]
        }
        let end = path.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? path.endIndex
        let bare = path[..<end]
        return try pagePath(bare.isEmpty ? "/" : String(bare), field: field)
    }

    /// What follows `http://` or `https://` (either case), or nil when the text starts with neither.
    private static func afterHTTPScheme(_ text: String) -> Substring? {
        for scheme in ["http://", "https://"] where text.utf8.count >= scheme.utf8.count {
            // Byte by byte, an upper-case letter matching its lower case: the matched prefix is ASCII, so
            // the index after it falls between characters.
            guard zip(text.utf8, scheme.utf8).allSatisfy({ $0 == $1 || ($1 >= UInt8(ascii: "a") && $0 == $1 - 0x20) }) else { continue }
            return text[text.utf8.index(text.startIndex, offsetBy: scheme.utf8.count)...]
        }
        return nil
    }

    /// A host and port as browsers write them: letters, digits, `.`, `-`, `_`, `:` and IPv6's brackets.
    /// Anything else (`@` of a user name, `\\`, spaces) is refused rather than guessed at.
    private static func isAuthorityByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
        default: false
        }
    }

    /// An empty or absent version is not checked; any other value must be the version served.
    static func registryVersion(_ text: String?, served: String) throws(SubmissionError) {
        guard let text, !text.isEmpty else { return }
        guard text == served else {
            throw SubmissionError(status: 409, code: "registry_changed",
                                  detail: "the cookie list changed since this page was loaded; reload and choose again")
        }
    }

    /// A form's answer for one category: a checked box sends `on`; scripts may send the other words.
    /// `/cookie-settings/#consent-saved` → `/cookie-settings/`: a fragment names a place on a page, not a page.
    static func withoutFragment(_ path: String) -> String {
        String(path[..<(path.utf8.firstIndex(of: UInt8(ascii: "#")) ?? path.endIndex)])
    }

    /// A form's `show`: absent, or `receipt` for the server's receipt page after the form is handled.
    static func showReceipt(_ text: String?) throws(SubmissionError) -> Bool {
        switch text {
        case nil: return false
        case "receipt"?: return true
        default: throw .invalid("'show' may only be receipt")
        }
    }

    static func formChoice(_ text: String, category: String) throws(SubmissionError) -> Bool {
        switch text.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: throw .invalid("'\(category)' must be on or off")
        }
    }
}
