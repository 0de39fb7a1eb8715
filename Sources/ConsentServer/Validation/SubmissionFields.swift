import PigmentModel

/// The one check of each field a choice can carry, whichever shape it came in (our JSON, the
/// no-JavaScript form, vanilla-cookieconsent's cookie): the same limits, no control characters, and
/// an unknown value refused rather than read as something else.
enum SubmissionFields {
    /// Versions are names like `2026-05-04` or `v3.1`: printable ASCII, no spaces at either end.
    static let maximumVersionLength = 64

    static func policyVersion(_ text: String?, field: String = "policyVersion") throws(SubmissionError) -> String? {
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

    /// An empty or absent version is not checked; any other value must be the version served.
    static func registryVersion(_ text: String?, served: String) throws(SubmissionError) {
        guard let text, !text.isEmpty else { return }
        guard text == served else {
            throw SubmissionError(status: 409, code: "registry_changed",
                                  detail: "the cookie list changed since this page was loaded; reload and choose again")
        }
    }

    /// A form's answer for one category: a checked box sends `on`; scripts may send the other words.
    static func formChoice(_ text: String, category: String) throws(SubmissionError) -> Bool {
        switch text.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: throw .invalid("'\(category)' must be on or off")
        }
    }
}
