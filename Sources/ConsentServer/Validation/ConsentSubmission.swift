import Foundation
import SiteBuilder

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
/// - vanilla-cookieconsent v3's cookie value: `{"categories": ["necessary", "analytics"], "consentId": "…", …}`.
public struct ConsentSubmissionParser: Sendable {
    public var registry: ConsentRegistry { didSet { registryVersion = registry.version } }
    /// The registry's version, computed once: it hashes every category and cookie.
    private var registryVersion: String
    /// Largest body accepted, in bytes.
    public static let maximumBodySize = 8 * 1024

    public init(registry: ConsentRegistry) {
        self.registry = registry
        self.registryVersion = registry.version
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
        if object["categories"] != nil { return try parseCookieConsentV3(object) }
        if let unknown = object.keys.sorted().first(where: { !Self.knownJSONFields.contains($0) }) {
            throw .invalid("unknown field '\(unknown)'")
        }
        guard case .object(let rawChoices) = object["choices"] else { throw .invalid("'choices' must be an object of category → true/false") }
        var choices: [String: Bool] = [:]
        for (category, value) in rawChoices {
            guard case .bool(let granted) = value else { throw .invalid("choice for '\(category)' must be true or false") }
            choices[category] = granted
        }
        let method = try enumField(object, "method", default: ConsentRecord.Method.custom)
        let source = try enumField(object, "source", default: ConsentRecord.Source.banner)
        try checkRegistryVersion(object["registryVersion"])
        var gpc = false
        if let value = object["gpc"] {
            guard case .bool(let flag) = value else { throw .invalid("'gpc' must be true or false") }
            gpc = flag
        }
        return ConsentSubmission(consentID: try consentID(object["consentId"]), choices: try completeChoices(choices),
                                 method: method, source: source, pagePath: try pagePath(object["page"]),
                                 policyVersion: try optionalString(object, "policyVersion"), gpc: gpc)
    }

    private static let knownJSONFields: Set<String> = ["consentId", "choices", "method", "source", "page", "policyVersion", "registryVersion", "gpc"]

    /// `application/x-www-form-urlencoded` from the preferences page: a checked box sends `<category>=on`,
    /// an unchecked one sends nothing, so every optional category missing from the form is refused.
    public func parseForm(_ body: Data) throws(SubmissionError) -> (ConsentSubmission, returnPath: String) {
        guard body.count <= Self.maximumBodySize else { throw Self.tooLarge }
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let control: Set<String> = ["consentId", "return", "action", "policyVersion", "registryVersion"]
        let categoryIDs = Set(registry.categories.map(\.id))
        if let unknown = fields.keys.sorted().first(where: { !control.contains($0) && !categoryIDs.contains($0) }) {
            throw .invalid("unknown category or field '\(unknown)'")
        }
        let action = fields["action"] ?? "save"
        var choices: [String: Bool] = [:]
        for category in registry.categories where !category.required {
            choices[category.id] = action == "accept_all" ? true : action == "reject_all" || action == "withdraw" ? false
                : ["on", "true", "1", "yes"].contains(fields[category.id]?.lowercased() ?? "")
        }
        guard ["save", "accept_all", "reject_all", "withdraw"].contains(action) else {
            throw .invalid("action must be save, accept_all, reject_all or withdraw")
        }
        try checkRegistryVersion(fields["registryVersion"].map(JSONValue.string))
        let returnPath = Self.sameSitePath(fields["return"]) ?? "/"
        let submission = ConsentSubmission(
            consentID: try consentID(fields["consentId"].flatMap { $0.isEmpty ? nil : .string($0) }), choices: try completeChoices(choices),
            method: .form, source: .form, pagePath: returnPath, policyVersion: fields["policyVersion"].flatMap { $0.isEmpty ? nil : $0 },
            event: action == "withdraw" ? .withdraw : nil)
        return (submission, returnPath)
    }

    /// vanilla-cookieconsent v3 logs its cookie object; `necessary` stands for our required categories.
    private func parseCookieConsentV3(_ object: [String: JSONValue]) throws(SubmissionError) -> ConsentSubmission {
        guard case .array(let elements) = object["categories"] else {
            throw .invalid("'categories' must be a list of accepted category names")
        }
        var accepted: [String] = []
        for element in elements {
            guard case .string(let name) = element else { throw .invalid("'categories' must be a list of accepted category names") }
            accepted.append(name)
        }
        var choices: [String: Bool] = [:]
        for category in registry.categories where !category.required { choices[category.id] = false }
        for name in accepted {
            if name == "necessary" { continue }
            guard let category = registry.category(name) else { throw unknownCategory(name) }
            choices[category.id] = true
        }
        let optional = registry.categories.filter { !$0.required }
        let method: ConsentRecord.Method = optional.allSatisfy { choices[$0.id] == true } ? .acceptAll
            : optional.allSatisfy { choices[$0.id] == false } ? .rejectAll : .custom
        return ConsentSubmission(consentID: try consentID(object["consentId"]), choices: try completeChoices(choices),
                                 method: method, source: .banner, pagePath: nil, policyVersion: object["revision"]?.scalarText)
    }

    /// Adds required categories (always on) and checks every given category exists and none is missing.
    func completeChoices(_ given: [String: Bool]) throws(SubmissionError) -> [String: Bool] {
        var choices: [String: Bool] = [:]
        for (id, granted) in given {
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

    private func unknownCategory(_ id: String) -> SubmissionError {
        .invalid("unknown category '\(id)' (categories: \(registry.categories.map(\.id).joined(separator: ", ")))")
    }

    /// Our ids are 32 hex digits; a UUID (as vanilla-cookieconsent makes) is the same 128 bits with hyphens.
    private func consentID(_ value: JSONValue?) throws(SubmissionError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let text) = value else { throw SubmissionError(status: 400, code: "invalid_consent_id", detail: "consentId must be text") }
        let normalized = text.replacingOccurrences(of: "-", with: "").lowercased()
        guard ConsentID.isValid(normalized), text.count == 32 || text.count == 36 else {
            throw SubmissionError(status: 400, code: "invalid_consent_id", detail: "consentId must be 32 hex digits or a UUID")
        }
        return normalized
    }

    /// An empty or absent version is not checked; any other value must be the version served.
    private func checkRegistryVersion(_ value: JSONValue?) throws(SubmissionError) {
        guard let value, !value.isNull, value.scalarText != "" else { return }
        guard value.scalarText == registryVersion else {
            throw SubmissionError(status: 409, code: "registry_changed",
                                  detail: "the cookie list changed since this page was loaded; reload and choose again")
        }
    }

    private func pagePath(_ value: JSONValue?) throws(SubmissionError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let text) = value, let path = Self.sameSitePath(text) else { throw .invalid("'page' must be a site path like /legal/privacy/") }
        return path
    }

    private func optionalString(_ object: [String: JSONValue], _ key: String) throws(SubmissionError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let text) = value, text.count <= 64 else { throw .invalid("'\(key)' must be short text") }
        return text
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
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\") else { return nil }
        // The usual ASCII path is checked byte by byte; Unicode properties are looked up only for the rest.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        guard (ascii ? text.utf8.count : text.count) <= 512,
              !(ascii ? text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
                      : text.unicodeScalars.contains { $0.properties.generalCategory == .control }) else { return nil }
        return String(text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    static let tooLarge = SubmissionError(status: 413, code: "body_too_large", detail: "the body may be at most \(maximumBodySize) bytes")
}
