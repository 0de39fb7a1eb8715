import Foundation
import Yams

/// `Content/data/consent.yml`: the cookie categories and their cookies. One source drives the cookie
/// policy's table, the banner and the consent server, so the three cannot drift apart.
public struct ConsentRegistry: Sendable, Hashable {
    public struct Cookie: Sendable, Hashable {
        public var name: String
        public var provider: String
        public var purpose: String
        public var lifetime: String

        public init(name: String, provider: String, purpose: String, lifetime: String) {
            self.name = name
            self.provider = provider
            self.purpose = purpose
            self.lifetime = lifetime
        }
    }

    public struct Category: Sendable, Hashable {
        /// Stable identifier used by the banner and the server (`essential`, `analytics`).
        public var id: String
        public var title: String
        public var description: String
        /// Always on; the visitor cannot refuse it (strictly necessary cookies).
        public var required: Bool
        public var cookies: [Cookie]
        /// Google Consent Mode v2 signals this category grants (`analytics_storage`, `ad_storage`…).
        /// A signal no granted category names stays `denied`, so adding Google tags never grants by default.
        public var googleConsentMode: [String]

        public init(id: String, title: String, description: String, required: Bool, cookies: [Cookie], googleConsentMode: [String] = []) {
            self.id = id
            self.title = title
            self.description = description
            self.required = required
            self.cookies = cookies
            self.googleConsentMode = googleConsentMode
        }
    }

    /// Every storage type Google Consent Mode v2 knows; the page sets each to `denied` before any tag.
    public static let googleConsentSignals = [
        "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
        "functionality_storage", "personalization_storage", "security_storage",
    ]

    /// The cookie that remembers the visitor's choice, and how long it lasts.
    public struct ChoiceCookie: Sendable, Hashable {
        public var name = "pigment_consent"
        /// After a consent to at least one optional category.
        public var monthsAfterConsent = 12
        /// After every optional category was refused: asked again sooner, as regulators advise.
        public var monthsAfterRefusal = 6

        public init() {}
    }

    public var categories: [Category]
    public var choiceCookie = ChoiceCookie()
    /// The privacy policy a consent refers to (`legal/privacy.md`): the banner sends its version,
    /// so each record names the text in force, and the receipt links that version.
    public var policyPage: String?
    /// Where `policyPage` was written, for the build's error when it names no versioned page.
    package var policyPageLocation: SourceLocation?

    public init(categories: [Category], choiceCookie: ChoiceCookie = ChoiceCookie()) {
        self.categories = categories
        self.choiceCookie = choiceCookie
    }

    /// Changes whenever anything a visitor is shown changes, so the banner asks again.
    /// FNV-1a over a canonical text of the registry: stable across machines and runs.
    public var version: String {
        var text = ""
        for category in categories {
            text += "c\u{1F}\(category.id)\u{1F}\(category.title)\u{1F}\(category.description)\u{1F}\(category.required)\u{1E}"
            if !category.googleConsentMode.isEmpty {
                text += "g\u{1F}\(category.googleConsentMode.joined(separator: ","))\u{1E}"
            }
            for cookie in category.cookies {
                text += "k\u{1F}\(cookie.name)\u{1F}\(cookie.provider)\u{1F}\(cookie.purpose)\u{1F}\(cookie.lifetime)\u{1E}"
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }

    /// The registry's fields, each checked; every problem found is a diagnostic at its place in the file.
    package static func read(_ mapping: Node.Mapping, displayPath: String, sourceText: String? = nil) -> (ConsentRegistry?, [Diagnostic]) {
        var reader = FieldReader(mapping, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
        var diagnostics: [Diagnostic] = []
        var categories: [Category] = []
        let items = reader.list("categories", required: true)
        var seenIDs: Set<String> = []
        for item in items {
            guard let fields = item.mapping else {
                reader.error("each category must be a mapping with id, title, description and cookies", at: item)
                continue
            }
            var entry = FieldReader(fields, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
            let id = entry.requiredString("id", in: item)
            let title = entry.requiredString("title", in: item)
            let description = entry.requiredString("description", in: item)
            let required = entry.bool("required") ?? false
            var cookies: [Cookie] = []
            for cookieNode in entry.list("cookies", required: false) {
                guard let cookieFields = cookieNode.mapping else {
                    entry.error("each cookie must be a mapping with name, provider, purpose and lifetime", at: cookieNode)
                    continue
                }
                var cookie = FieldReader(cookieFields, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
                let values = ["name", "provider", "purpose", "lifetime"].map { cookie.requiredString($0, in: cookieNode) }
                diagnostics += cookie.unknownKeysAsWarnings() + cookie.diagnostics
                if values.allSatisfy({ $0 != nil }) {
                    cookies.append(Cookie(name: values[0]!, provider: values[1]!, purpose: values[2]!, lifetime: values[3]!))
                }
            }
            var signals: [String] = []
            for (signal, node) in entry.strings("googleConsentMode") {
                if Self.googleConsentSignals.contains(signal) { signals.append(signal) }
                else { entry.error("unknown Google Consent Mode signal '\(signal)' (signals: \(Self.googleConsentSignals.joined(separator: ", ")))", at: node) }
            }
            if let id, !seenIDs.insert(id).inserted, let node = fields["id"] {
                entry.error("category id '\(id)' appears twice", at: node)
            }
            if let id, id.range(of: "^[a-z][a-z0-9_-]*$", options: .regularExpression) == nil, let node = fields["id"] {
                entry.error("category id '\(id)' must be lowercase letters, digits, '-' or '_'", at: node)
            }
            diagnostics += entry.unknownKeysAsWarnings() + entry.diagnostics
            if let id, let title, let description {
                categories.append(Category(id: id, title: title, description: description, required: required, cookies: cookies,
                                           googleConsentMode: signals))
            }
        }
        var choiceCookie = ChoiceCookie()
        if let node = reader.node("choiceCookie") {
            if let fields = node.mapping {
                var cookie = FieldReader(fields, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
                if let (name, _) = cookie.string("name") { choiceCookie.name = name }
                for (key, path) in [("monthsAfterConsent", \ChoiceCookie.monthsAfterConsent), ("monthsAfterRefusal", \ChoiceCookie.monthsAfterRefusal)] {
                    guard let months = cookie.int(key) else { continue }
                    if (1...24).contains(months) { choiceCookie[keyPath: path] = months }
                    else if let value = fields[key] { cookie.error("'\(key)' must be between 1 and 24", at: value) }
                }
                diagnostics += cookie.unknownKeysAsWarnings() + cookie.diagnostics
            } else {
                reader.error("'choiceCookie' must be a mapping with name, monthsAfterConsent and monthsAfterRefusal", at: node)
            }
        }
        let policyPage = reader.string("policyPage")
        diagnostics += reader.unknownKeysAsWarnings() + reader.diagnostics
        if !items.isEmpty, !categories.contains(where: \.required), diagnostics.isEmpty {
            diagnostics.append(.error("the registry needs a required category (essential cookies) marked 'required: true'",
                                      at: SourceLocation(file: displayPath)))
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        var registry = ConsentRegistry(categories: categories, choiceCookie: choiceCookie)
        registry.policyPage = policyPage?.0
        registry.policyPageLocation = policyPage.map { reader.location(of: $0.1) }
        return (registry, diagnostics)
    }
}
