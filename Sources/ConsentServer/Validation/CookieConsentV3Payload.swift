import PigmentModel

/// What sites using vanilla-cookieconsent v3 (orestbida/cookieconsent, the most used open-source
/// banner) post, in every shape its documentation and sites use:
/// - its consent-logging recipe: `{consentId, acceptType, acceptedCategories, rejectedCategories}`;
/// - its cookie, `CookieConsent.getCookie()`: `{categories, revision, data, consentTimestamp, consentId, …}`;
/// - a short one: `{consentId, categories}` or `{consentId, acceptedCategories}`;
/// - the two merged, `{...getCookie(), ...getUserPreferences()}`;
/// each optionally with the page as `page`, `path`, `pagePath` or `url`.
///
/// Each field is stored as what it means: the category lists become the choices, `acceptType` the
/// method, `revision` the client's own revision (never the policy version: the server names that). The
/// fields that only describe the browser's state (timestamps, expiry, language, services, `data`) are
/// checked for type and size, then dropped: the server's clock and registry are the proof.
enum CookieConsentV3Payload {
    /// Any of these makes a body vanilla-cookieconsent's: our banner's JSON has none of them.
    static let markers = ["categories", "acceptedCategories", "rejectedCategories", "acceptType"]

    /// `CookieConsent.getCookie()`'s fields.
    static let cookieFields: Set<String> = ["categories", "revision", "data", "consentTimestamp", "consentId",
                                            "services", "languageCode", "lastConsentTimestamp", "expirationTime"]
    /// `CookieConsent.getUserPreferences()`'s fields.
    static let preferenceFields: Set<String> = ["acceptType", "acceptedCategories", "rejectedCategories", "acceptedServices", "rejectedServices"]
    /// Where sites put the page: any one, or several naming the same page.
    static let pageFields = ["page", "path", "pagePath", "url"]
    /// Everything else (our own `choices`, `method`, … beside these) is a second answer to the same question: refused.
    static let knownFields = cookieFields.union(preferenceFields).union(pageFields)

    /// Entries of a category or service list, and categories in a services object: far above any
    /// banner's, low enough that a body cannot make the server do much.
    static let maximumListLength = 32
    /// A category name longer than this cannot be in the registry; refused before it is echoed in an error.
    static let maximumNameLength = 64
    static let maximumServiceNameLength = 128
    /// `data` is the site's own, never stored: only its size is bounded.
    static let maximumDataBytes = 4096
    static let maximumLanguageCodeLength = 35

    static func isPayload(_ object: [String: JSONValue]) -> Bool {
        markers.contains { object[$0] != nil }
    }
}

extension ConsentSubmissionParser {
    /// `necessary` (vanilla's read-only category) stands for our required categories. When
    /// `rejectedCategories` is sent, every optional category must be in exactly one of the two lists;
    /// when only the accepted ones are, every other optional category is refused.
    func parseCookieConsentV3(_ object: [String: JSONValue]) throws(SubmissionError) -> ConsentSubmission {
        try refuseUnknownFields(object, known: CookieConsentV3Payload.knownFields)
        let categories = try categoryNames(object, "categories")
        let acceptedCategories = try categoryNames(object, "acceptedCategories")
        let rejected = try categoryNames(object, "rejectedCategories")
        if let categories, let acceptedCategories, Set(categories) != Set(acceptedCategories) {
            throw .invalid("'categories' and 'acceptedCategories' name different categories: send the same in both, or one of them")
        }
        guard let accepted = acceptedCategories ?? categories else {
            throw .invalid("'acceptedCategories' (or 'categories') must list the accepted categories")
        }
        if let rejected, let both = accepted.first(where: rejected.contains) {
            throw .invalid("'\(both)' is both accepted and rejected")
        }
        var choices: [String: Bool] = [:]
        for name in rejected ?? [] where isRequired(name) {
            throw .invalid("'\(name)' cookies are strictly necessary and cannot be refused")
        }
        for category in registry.categories where !category.required {
            if accepted.contains(category.id) { choices[category.id] = true }
            else if rejected?.contains(category.id) ?? true { choices[category.id] = false }
            else { throw .invalid("missing a choice for '\(category.id)': name it in 'acceptedCategories' or 'rejectedCategories'") }
        }
        let method = try acceptMethod(object, choices: choices)
        try checkClientState(object)
        return ConsentSubmission(consentID: try SubmissionFields.consentID(try idText(object["consentId"])), choices: try completeChoices(choices),
                                 method: method, source: .banner, pagePath: try page(object), policyVersion: nil,
                                 clientRevision: try SubmissionFields.clientRevision(try revision(object)))
    }

    private func isRequired(_ name: String) -> Bool {
        name == "necessary" || registry.category(name)?.required == true
    }

    /// A list of category names: text, each `necessary` or a registry category, none twice.
    private func categoryNames(_ object: [String: JSONValue], _ field: String) throws(SubmissionError) -> [String]? {
        let elements: [JSONValue]
        switch object[field] {
        case nil, .null?: return nil
        case .array(let list)?: elements = list
        default: throw .invalid("'\(field)' must be a list of category names")
        }
        guard elements.count <= CookieConsentV3Payload.maximumListLength else {
            throw .invalid("'\(field)' may name at most \(CookieConsentV3Payload.maximumListLength) categories")
        }
        var names: [String] = []
        for element in elements {
            guard case .string(let name) = element else { throw .invalid("'\(field)' must be a list of category names") }
            guard name.utf8.count <= CookieConsentV3Payload.maximumNameLength else {
                throw .invalid("'\(field)' holds a name longer than \(CookieConsentV3Payload.maximumNameLength) bytes")
            }
            guard name == "necessary" || registry.category(name) != nil else { throw unknownCategory(name) }
            guard !names.contains(name) else { throw .invalid("'\(field)' names '\(name)' twice") }
            names.append(name)
        }
        return names
    }

    /// `acceptType` as our method; it must say what the lists say. Without it, the lists decide.
    private func acceptMethod(_ object: [String: JSONValue], choices: [String: Bool]) throws(SubmissionError) -> ConsentRecord.Method {
        let optional = registry.categories.filter { !$0.required }.map(\.id)
        let firstAccepted = optional.first { choices[$0] == true }
        let firstRefused = optional.first { choices[$0] == false }
        switch try text(object, "acceptType") {
        case nil: return firstRefused == nil ? .acceptAll : firstAccepted == nil ? .rejectAll : .custom
        case "all":
            if let firstRefused { throw .invalid("'acceptType' is 'all' but '\(firstRefused)' is not accepted") }
            return .acceptAll
        case "necessary":
            if let firstAccepted { throw .invalid("'acceptType' is 'necessary' but '\(firstAccepted)' is accepted") }
            return .rejectAll
        // The visitor chose category by category; whatever they ended with is in the lists.
        case "custom": return .custom
        default: throw .invalid("'acceptType' must be all, custom or necessary")
        }
    }

    /// vanilla-cookieconsent's `revision`: a whole number (its default is 0) or, from some sites, text.
    private func revision(_ object: [String: JSONValue]) throws(SubmissionError) -> String? {
        switch object["revision"] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let number)? where number >= 0 && number.rounded() == number && number < 1e15: return String(Int(number))
        default: throw .invalid("'revision' must be a whole number or text")
        }
    }

    /// The page from whichever page fields are sent; two naming different pages are refused.
    private func page(_ object: [String: JSONValue]) throws(SubmissionError) -> String? {
        var found: (field: String, path: String)?
        for field in CookieConsentV3Payload.pageFields {
            guard let path = try SubmissionFields.pageLocation(try text(object, field), field: field, siteOrigin: siteOrigin) else { continue }
            if let found, found.path != path { throw .invalid("'\(found.field)' and '\(field)' name different pages") }
            found = (field, path)
        }
        return found?.path
    }

    /// The fields that describe the browser's state, not the choice: checked, never stored.
    private func checkClientState(_ object: [String: JSONValue]) throws(SubmissionError) {
        for field in ["consentTimestamp", "lastConsentTimestamp"] {
            if let time = try text(object, field), LogTimestamp.date(time) == nil {
                throw .invalid("'\(field)' must be a time like 2026-05-04T10:30:00.000Z")
            }
        }
        switch object["expirationTime"] {
        case nil, .null?: break
        case .number(let milliseconds)? where milliseconds >= 0 && milliseconds.rounded() == milliseconds && milliseconds < 1e15: break
        default: throw .invalid("'expirationTime' must be a time in whole milliseconds since 1970")
        }
        if let code = try text(object, "languageCode"),
           code.utf8.count > CookieConsentV3Payload.maximumLanguageCodeLength || !code.utf8.allSatisfy(Self.isLanguageCodeByte) {
            throw .invalid("'languageCode' must be a language tag like en or pt-BR")
        }
        if let data = object["data"], JSONText.encode(data).utf8.count > CookieConsentV3Payload.maximumDataBytes {
            throw .invalid("'data' may be at most \(CookieConsentV3Payload.maximumDataBytes) bytes of JSON")
        }
        for field in ["services", "acceptedServices", "rejectedServices"] { try checkServices(object, field) }
    }

    private static func isLanguageCodeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// Category → list of service names, as vanilla-cookieconsent keeps them.
    private func checkServices(_ object: [String: JSONValue], _ field: String) throws(SubmissionError) {
        let shape = SubmissionError.invalid("'\(field)' must be an object of category → list of service names")
        let services: [String: JSONValue]
        switch object[field] {
        case nil, .null?: return
        case .object(let members)?: services = members
        default: throw shape
        }
        let limit = CookieConsentV3Payload.maximumListLength
        guard services.count <= limit else { throw .invalid("'\(field)' may name at most \(limit) categories") }
        // In key order: with two bad entries, the same body always names the same one.
        for (category, value) in services.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard case .array(let names) = value, category.utf8.count <= CookieConsentV3Payload.maximumNameLength else { throw shape }
            guard names.count <= limit else { throw .invalid("'\(field)' may list at most \(limit) services a category") }
            for name in names {
                guard case .string(let service) = name, service.utf8.count <= CookieConsentV3Payload.maximumServiceNameLength,
                      !service.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw .invalid("'\(field)' must list service names of at most \(CookieConsentV3Payload.maximumServiceNameLength) bytes")
                }
            }
        }
    }
}
