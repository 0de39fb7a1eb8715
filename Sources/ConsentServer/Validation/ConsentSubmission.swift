import Foundation
import PigmentModel

/// A choice as a client sent it, checked against the registry and ready to become a record.
public struct ConsentSubmission: Sendable, Equatable {
    /// Present when the visitor already has a consent id (a change); absent on a first choice.
    public var consentID: String?
    /// Every registry category → granted, with required categories always on.
    public var choices: [String: Bool]
    public var method: ConsentRecord.Method
    public var source: ConsentRecord.Source
    public var pagePath: String?
    public var policyVersion: String?
    /// The browser said `navigator.globalPrivacyControl === true` (the server also checks `Sec-GPC`).
    public var gpc = false
    /// Set when the visitor asked to withdraw (the form's `action=withdraw`), so the log says so.
    public var event: ConsentRecord.Event?
    /// A third-party banner's own configuration counter (vanilla-cookieconsent's `revision`): never the policy version.
    public var clientRevision: String?
}

/// A rejected submission: answered 4xx with `{"error": code, "detail": detail}`, and nothing is stored.
public struct SubmissionError: Error, Equatable, Sendable {
    public var status: Int
    public var code: String
    public var detail: String

    static func invalid(_ detail: String) -> SubmissionError { SubmissionError(status: 400, code: "invalid_request", detail: detail) }
}

/// Reads the three shapes a choice arrives in and checks each against the consent registry:
/// - our banner's JSON: `{"choices": {"analytics": true}, "method": "custom", "source": "banner", …}`;
/// - the no-JavaScript form: `analytics=on&method=form&return=/cookie-settings/`;
/// - vanilla-cookieconsent v3's objects: its cookie, its preferences or both merged
///   (`{"consentId": "…", "acceptType": "custom", "acceptedCategories": ["necessary"], …}`; `CookieConsentV3Payload.swift`).
public struct ConsentSubmissionParser: Sendable {
    public var registry: ConsentRegistry { didSet { registryVersion = registry.version } }
    /// The site's origin (`https://pigmentstudio.com`): a page sent as a full URL must be on it. Without
    /// one, any http(s) URL's path is taken (only the path is ever stored).
    public var siteOrigin: String?
    /// The registry's version, computed once: it hashes every category and cookie.
    private var registryVersion: String
    /// Largest body accepted, in bytes.
    public static let maximumBodySize = 8 * 1024

    public init(registry: ConsentRegistry, siteOrigin: String? = nil) {
        self.registry = registry
        self.registryVersion = registry.version
        self.siteOrigin = siteOrigin
    }

    public func parseJSON(_ body: Data) throws(SubmissionError) -> ConsentSubmission {
        guard body.count <= Self.maximumBodySize else { throw Self.tooLarge }
        do {
            return try body.withUnsafeBytes { bytes throws(SubmissionError) in try parseJSON(bytes: bytes) }
        } catch let error as SubmissionError {
            throw error
        } catch {
            fatalError("unreachable: parseJSON(bytes:) throws only SubmissionError")
        }
    }

    /// The body straight from the request's buffer, without a copy into `Data` first.
    public func parseJSON(bytes body: UnsafeRawBufferPointer) throws(SubmissionError) -> ConsentSubmission {
        guard body.count <= Self.maximumBodySize else { throw Self.tooLarge }
        guard case .object(let object) = try? JSONValue.parse(body) else {
            throw SubmissionError(status: 400, code: "malformed_json", detail: "the body must be a JSON object")
        }
        if CookieConsentV3Payload.isPayload(object) { return try parseCookieConsentV3(object) }
        try refuseUnknownFields(object, known: Self.knownJSONFields)
        guard case .object(let rawChoices) = object["choices"] else { throw .invalid("'choices' must be an object of category → true/false") }
        var choices: [String: Bool] = [:]
        // In key order: with two bad choices, the same body always names the same one.
        for (category, value) in rawChoices.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard case .bool(let granted) = value else { throw .invalid("choice for '\(category)' must be true or false") }
            choices[category] = granted
        }
        let method = try enumField(object, "method", default: ConsentRecord.Method.custom)
        let source = try enumField(object, "source", default: ConsentRecord.Source.banner)
        try SubmissionFields.registryVersion(try text(object, "registryVersion"), served: registryVersion)
        var gpc = false
        if let value = object["gpc"] {
            guard case .bool(let flag) = value else { throw .invalid("'gpc' must be true or false") }
            gpc = flag
        }
        return ConsentSubmission(consentID: try SubmissionFields.consentID(try idText(object["consentId"])), choices: try completeChoices(choices),
                                 method: method, source: source, pagePath: try SubmissionFields.pagePath(try text(object, "page"), field: "page"),
                                 policyVersion: try SubmissionFields.policyVersion(try text(object, "policyVersion")), gpc: gpc)
    }

    private static let knownJSONFields: Set<String> = ["consentId", "choices", "method", "source", "page", "policyVersion", "registryVersion", "gpc"]

    /// `application/x-www-form-urlencoded` from the preferences page: a checked box sends `<category>=on`,
    /// an unchecked one sends nothing, so every optional category missing from the form is refused.
    /// `showReceipt`: the form asked to land on the server's receipt page (`show=receipt`) rather than on `return`.
    public func parseForm(_ body: Data) throws(SubmissionError) -> (ConsentSubmission, returnPath: String, showReceipt: Bool) {
        guard body.count <= Self.maximumBodySize else { throw Self.tooLarge }
        let fields = try Self.formFields(body)
        let control: Set<String> = ["consentId", "return", "action", "policyVersion", "registryVersion", "show"]
        let categoryIDs = Set(registry.categories.map(\.id))
        if let unknown = fields.keys.sorted().first(where: { !control.contains($0) && !categoryIDs.contains($0) }) {
            throw .invalid("unknown category or field '\(unknown)'")
        }
        let action = fields["action"] ?? "save"
        guard ["save", "accept_all", "reject_all", "withdraw"].contains(action) else {
            throw .invalid("action must be save, accept_all, reject_all or withdraw")
        }
        var given: [String: Bool] = [:]
        for category in registry.categories {
            if let value = fields[category.id] { given[category.id] = try SubmissionFields.formChoice(value, category: category.id) }
        }
        var choices: [String: Bool] = [:]
        for category in registry.categories {
            // Required categories are checked (and refusing one refused) by `completeChoices`.
            if category.required { if let granted = given[category.id] { choices[category.id] = granted }; continue }
            choices[category.id] = action == "accept_all" ? true : action == "reject_all" || action == "withdraw" ? false : given[category.id] ?? false
        }
        try SubmissionFields.registryVersion(fields["registryVersion"], served: registryVersion)
        guard let returnPath = try SubmissionFields.pagePath(fields["return"] ?? "/", field: "return") else {
            throw .invalid("'return' must be a site path like /cookie-settings/")
        }
        let showReceipt = try SubmissionFields.showReceipt(fields["show"])
        let submission = ConsentSubmission(
            consentID: try SubmissionFields.consentID(fields["consentId"]), choices: try completeChoices(choices),
            method: .form, source: .form, pagePath: returnPath, policyVersion: try SubmissionFields.policyVersion(fields["policyVersion"]),
            event: action == "withdraw" ? .withdraw : nil)
        return (submission, returnPath, showReceipt)
    }

    /// The form's fields, percent-decoded; a field sent twice, bad escapes and text that is not UTF-8 are refused.
    static func formFields(_ body: Data) throws(SubmissionError) -> [String: String] {
        guard let text = String(validating: body, as: UTF8.self) else { throw .invalid("the form must be UTF-8 text") }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            var decoded: [String] = []
            for part in parts {
                guard let value = String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw .invalid("the form holds a malformed %-escape")
                }
                decoded.append(value)
            }
            guard fields[decoded[0]] == nil else { throw .invalid("the form sends '\(decoded[0])' twice") }
            fields[decoded[0]] = decoded.count > 1 ? decoded[1] : ""
        }
        return fields
    }

    func refuseUnknownFields(_ object: [String: JSONValue], known: Set<String>) throws(SubmissionError) {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid("unknown field '\(unknown)'")
        }
    }

    /// Adds required categories (always on) and checks every given category exists and none is missing.
    func completeChoices(_ given: [String: Bool]) throws(SubmissionError) -> [String: Bool] {
        var choices: [String: Bool] = [:]
        for (id, granted) in given.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard let category = registry.category(id) else { throw unknownCategory(id) }
            if category.required && !granted {
                throw .invalid("'\(id)' cookies are strictly necessary and cannot be refused")
            }
            choices[id] = granted
        }
        for category in registry.categories {
            if category.required { choices[category.id] = true }
            else if choices[category.id] == nil { throw .invalid("missing a choice for '\(category.id)'") }
        }
        return choices
    }

    func unknownCategory(_ id: String) -> SubmissionError {
        .invalid("unknown category '\(id)' (categories: \(registry.categories.map(\.id).joined(separator: ", ")))")
    }

    /// A consent id must be text (or null); what the text may be is `SubmissionFields.consentID`'s to say.
    func idText(_ value: JSONValue?) throws(SubmissionError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw SubmissionError(status: 400, code: "invalid_consent_id", detail: "consentId must be text")
        }
    }

    /// A text field's value (absent and null are nil); any other type is refused.
    func text(_ object: [String: JSONValue], _ key: String) throws(SubmissionError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .invalid("'\(key)' must be text")
        }
    }

    private func enumField<T: RawRepresentable>(_ object: [String: JSONValue], _ key: String, default fallback: T) throws(SubmissionError) -> T
    where T.RawValue == String, T: CaseIterable {
        guard let value = object[key] else { return fallback }
        guard case .string(let text) = value, let parsed = T(rawValue: text) else {
            throw .invalid("'\(key)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    /// A path on this site only (`/x/`), never `//host` or `https://…`: the form's redirect cannot be abused.
    public static func sameSitePath(_ text: String?) -> String? {
        // Bytes, not `contains("\\")` and `split`: Foundation's substring search took 2% of the event route's CPU.
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.utf8.contains(UInt8(ascii: "\\")) else { return nil }
        // The usual ASCII path is checked byte by byte; Unicode properties are looked up only for the rest.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        guard (ascii ? text.utf8.count : text.count) <= 512,
              !(ascii ? text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
                      : text.unicodeScalars.contains { $0.properties.generalCategory == .control }) else { return nil }
        return String(text[..<(text.utf8.firstIndex(of: UInt8(ascii: "?")) ?? text.endIndex)])
    }

    static let tooLarge = SubmissionError(status: 413, code: "body_too_large", detail: "the body may be at most \(maximumBodySize) bytes")
}
